/**
 * The live channel (WebSocket /v1/live): subscribes to one channel and hands every message to the
 * page. It reconnects by itself with a fresh access token; pages also poll, so a closed socket
 * only makes updates slower, never wrong.
 */
import { useEffect, useRef, useState } from 'react';
import { api, tokenStore } from '../../api';

export type LiveMessage = { type: string; [k: string]: unknown };

export interface LiveSocket { connected: boolean; send(message: object): boolean }

export function useLive(channel: string | null, onMessage: (m: LiveMessage) => void): LiveSocket {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const socket = useRef<WebSocket | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!channel) return;
    let stopped = false;
    let retry = 0;
    let timer = 0;
    const open = () => {
      const token = tokenStore.get()?.accessToken;
      if (!token || stopped) return;
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live?token=${encodeURIComponent(token)}`;
      const ws = new WebSocket(url);
      socket.current = ws;
      ws.onopen = () => { retry = 0; ws.send(JSON.stringify({ type: 'subscribe', channel })); };
      ws.onmessage = (e) => {
        let m: LiveMessage | null = null;
        try { m = JSON.parse(String(e.data)) as LiveMessage; } catch { return; }
        if (m?.type === 'subscribed') setConnected(true);
        if (m && typeof m.type === 'string') handler.current(m);
      };
      ws.onclose = () => {
        setConnected(false);
        if (stopped) return;
        // The token may have expired: any API call refreshes it before the next attempt.
        retry = Math.min(retry + 1, 5);
        timer = window.setTimeout(() => { void api.me.get().catch(() => undefined).finally(open); }, 1000 * retry);
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket.current?.close();
      socket.current = null;
      setConnected(false);
    };
  }, [channel]);

  return {
    connected,
    send(message) {
      const ws = socket.current;
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    },
  };
}
