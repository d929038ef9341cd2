import { createRoot } from 'react-dom/client';

function App() {
  return <main style={{ fontFamily: 'sans-serif', padding: 24 }}>پیک</main>;
}

createRoot(document.getElementById('root')!).render(<App />);
