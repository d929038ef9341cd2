import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock, ageInFullYears, formatDateTime, gregorianToJalali, intlParts, isRealDate, jalaliToGregorian, localDate, localParts } from './time.js';

test('ACC-1 known Jalali dates convert to Gregorian and back', () => {
  const pairs: Array<[string, string]> = [['1403/01/01', '2024-03-20'], ['1404/01/01', '2025-03-21'], ['1399/12/30', '2021-03-20'], ['1370/01/01', '1991-03-21'], ['1387/09/02', '2008-11-22']];
  for (const [jalali, gregorian] of pairs) {
    assert.equal(jalaliToGregorian(jalali), gregorian, jalali);
    assert.equal(gregorianToJalali(gregorian), jalali, gregorian);
  }
  assert.equal(jalaliToGregorian('1370-1-1'), '1991-03-21');
});

test('ACC-1 Jalali dates that do not exist are refused', () => {
  for (const bad of ['1400/12/30', '1403/13/01', '1403/00/10', '1403/07/31', '1403/01/32', '1403/1', 'abc', '', '99999/01/01', '1403.01.01']) {
    assert.equal(jalaliToGregorian(bad), null, bad);
  }
});

test('ACC-1 property: Gregorian -> Jalali -> Gregorian is the identity for every day 1900-2100', () => {
  const day = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  fc.assert(fc.property(day, (g) => {
    const j = gregorianToJalali(g);
    assert.match(j, /^\d{4}\/\d{2}\/\d{2}$/);
    assert.equal(jalaliToGregorian(j), g);
  }), { numRuns: 1000 });
});

test('ACC-1 real Gregorian days are told apart from impossible ones', () => {
  for (const ok of ['2024-02-29', '2000-02-29', '1999-12-31']) assert.equal(isRealDate(ok), true, ok);
  for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-1-01', '20240101']) assert.equal(isRealDate(bad), false, bad);
});

test('ACC-1 local time is Asia/Tehran (UTC+3:30): the calendar day turns at 20:30 UTC', () => {
  assert.equal(localDate(new Date('2026-11-22T20:29:59Z')), '2026-11-22');
  assert.equal(localDate(new Date('2026-11-22T20:30:00Z')), '2026-11-23');
  const p = localParts(new Date('2026-11-22T20:30:00Z'));
  assert.deepEqual([p.hour, p.minute, p.weekday], [0, 0, 1]);
});

test('ACC-1 property: local parts from the cached zone offset equal Intl\'s, across zones with half-hour, 45-minute and daylight-saving offsets', () => {
  const zones = ['Asia/Tehran', 'Asia/Baghdad', 'Asia/Dubai', 'Europe/Istanbul', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
  fc.assert(fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
    assert.deepEqual(localParts(new Date(ms), zone), intlParts(new Date(ms), zone));
  }), { numRuns: 3000 });
  // Either side of daylight-saving changes (New York 2026-03-08 07:00 UTC, Lord Howe's half hour 2026-04-04 15:00 UTC).
  for (const [zone, at] of [['America/New_York', Date.UTC(2026, 2, 8, 7)], ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], ['Asia/Tehran', Date.UTC(2022, 2, 21, 20, 30)]] as const) {
    for (const d of [-60_000, -1, 0, 1, 60_000]) assert.deepEqual(localParts(new Date(at + d), zone), intlParts(new Date(at + d), zone), `${zone} ${at + d}`);
  }
});

test('ACC-1 age in full years turns on the birthday at Tehran midnight, not UTC midnight', () => {
  const birth = '2008-11-23';
  assert.equal(ageInFullYears(birth, new Date('2026-11-22T20:29:59Z')), 17);
  assert.equal(ageInFullYears(birth, new Date('2026-11-22T20:30:00Z')), 18);
  assert.equal(ageInFullYears(birth, new Date('2026-11-22T20:30:00Z'), 'UTC'), 17);
  assert.equal(ageInFullYears('2008-02-29', new Date('2026-02-28T12:00:00Z')), 17);
  assert.equal(ageInFullYears('2008-02-29', new Date('2026-03-01T12:00:00Z')), 18);
});

test('ACC-1 property: age grows by exactly one on each birthday', () => {
  const birth = fc.integer({ min: Date.UTC(1930, 0, 1), max: Date.UTC(2010, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  fc.assert(fc.property(birth, fc.integer({ min: 1, max: 80 }), (b, years) => {
    if (b.endsWith('02-29')) return;
    const [y, m, d] = b.split('-').map(Number);
    // Noon in Tehran on the birthday, and the day before.
    const onBirthday = new Date(Date.UTC(y + years, m - 1, d, 8, 30));
    const dayBefore = new Date(onBirthday.getTime() - 86_400_000);
    assert.equal(ageInFullYears(b, onBirthday), years);
    assert.equal(ageInFullYears(b, dayBefore), years - 1);
  }), { numRuns: 500 });
});

test('ACC-1 dates shown to people are Jalali with Persian digits in fa', () => {
  const nowruz = new Date('2026-03-20T20:30:00Z');
  assert.equal(formatDateTime(nowruz, 'fa'), '۱ فروردین ۱۴۰۵، ۰:۰۰');
  assert.match(formatDateTime(nowruz, 'en'), /21 Mar 2026/);
  assert.match(formatDateTime(nowruz, 'ar'), /٢٠٢٦/);
});

test('ACC-1 the manual clock moves only when told (tests control time)', () => {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  assert.equal(clock.now().toISOString(), '2026-01-01T00:00:00.000Z');
  clock.advance(120_000);
  assert.equal(clock.now().toISOString(), '2026-01-01T00:02:00.000Z');
  clock.set(new Date('2027-01-01T00:00:00Z'));
  assert.equal(clock.now().getUTCFullYear(), 2027);
});
