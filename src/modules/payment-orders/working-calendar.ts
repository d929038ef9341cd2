import { gregorianToJalali, localDate, localParts } from '../../platform/time.js';

/** XPO-5 working calendar: weekdays (0 = Sunday), local hours, and Jalali holidays (YYYY/MM/DD). */
export interface WorkingCalendar { days: number[]; from: string; to: string; holidays: string[]; timeZone: string }

const MINUTE = 60_000;
/** Never look further than this for working time (a calendar with no working days would loop forever). */
const HORIZON_MINUTES = 120 * 24 * 60;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the minute starting at `at` is working time in the calendar. */
export function isWorkingMinute(at: Date, cal: WorkingCalendar, holidays = new Set(cal.holidays.map(normalJalali))): boolean {
  const p = localParts(at, cal.timeZone);
  if (!cal.days.includes(p.weekday)) return false;
  const m = p.hour * 60 + p.minute;
  if (m < minutesOf(cal.from) || m >= minutesOf(cal.to)) return false;
  return !holidays.has(gregorianToJalali(localDate(at, cal.timeZone)));
}

/**
 * The instant when `hours` working hours have passed since `start`, counted minute by minute in
 * the calendar's time zone (so a Thursday-evening payment is due on Saturday morning).
 */
export function addWorkingHours(start: Date, hours: number, cal: WorkingCalendar): Date {
  const holidays = new Set(cal.holidays.map(normalJalali));
  let remaining = Math.round(hours * 60);
  let t = new Date(Math.floor(start.getTime() / MINUTE) * MINUTE);
  // A partial first minute is not counted: the clock starts at the next whole minute.
  if (t.getTime() < start.getTime()) t = new Date(t.getTime() + MINUTE);
  for (let i = 0; remaining > 0 && i < HORIZON_MINUTES; i++) {
    if (isWorkingMinute(t, cal, holidays)) remaining--;
    t = new Date(t.getTime() + MINUTE);
  }
  return t;
}

/** Working minutes between two instants (for the queue's "SLA age"). */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const holidays = new Set(cal.holidays.map(normalJalali));
  let n = 0;
  for (let t = from.getTime(), i = 0; t < to.getTime() && i < HORIZON_MINUTES; t += MINUTE, i++) {
    if (isWorkingMinute(new Date(t), cal, holidays)) n++;
  }
  return n;
}

function normalJalali(text: string): string {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(text);
  return m ? `${m[1]}/${m[2].padStart(2, '0')}/${m[3].padStart(2, '0')}` : text;
}
