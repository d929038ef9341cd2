import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALES, type Locale } from '../../platform/i18n.js';
import { TEMPLATES, placeholders, render, templateProblems, type Template } from './templates.js';

const CODE = '048213';
const LINK = 'https://peyk.test/reset-password?token=Ab12Cd34';
/** A value for every parameter: the code and the link as they are sent, anything else a number. */
const sampleParams = (names: string[]) => Object.fromEntries(names.map((n) => [n, n === 'code' ? CODE : n === 'link' ? LINK : 1404]));

/** Every text of every template as [label, locale, text]. */
function allTexts(): Array<[string, Locale, string]> {
  const out: Array<[string, Locale, string]> = [];
  for (const [name, tpl] of Object.entries(TEMPLATES) as Array<[string, Template]>) {
    for (const locale of LOCALES) {
      if (tpl.sms) out.push([`${name}.sms`, locale, tpl.sms[locale]]);
      if (tpl.email) out.push([`${name}.email.subject`, locale, tpl.email[locale].subject], [`${name}.email.body`, locale, tpl.email[locale].body]);
    }
  }
  return out;
}

describe('NTF-1 message templates', () => {
  test('NTF-1 every template has fa, ar and en text for each channel it declares, with the same parameters', () => {
    assert.deepEqual(templateProblems(TEMPLATES), []);
    assert.ok(Object.keys(TEMPLATES).length >= 5);
  });

  test('NTF-1 the check fails a template missing a language, an empty text or a parameter', () => {
    const broken = {
      'x.noArabic': { sms: { fa: 'کد {code}', en: 'code {code}' } },
      'x.emptySubject': { email: { fa: { subject: 'الف', body: 'ب' }, ar: { subject: 'أ', body: 'ب' }, en: { subject: ' ', body: 'b' } } },
      'x.lostParam': { sms: { fa: 'کد {code}', ar: 'رمز', en: 'code {code}' } },
      'x.asciiDigits': { sms: { fa: 'تا 2 دقیقه', ar: 'خلال ٢ دقيقة', en: 'within 2 minutes' } },
      'x.noChannel': {},
    } as unknown as Record<string, Template>;
    const problems = templateProblems(broken);
    assert.ok(problems.some((p) => p.startsWith('x.noArabic.sms: missing or empty ar')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('x.emptySubject.email: missing or empty en')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('x.lostParam.sms: languages use different parameters')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('x.asciiDigits.sms.fa: ASCII digits')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('x.noChannel: declares no channel')), problems.join('\n'));
  });

  test('NTF-1 every parameter renders in every language and no placeholder is left', () => {
    for (const [label, locale, text] of allTexts()) {
      const out = render(text, sampleParams(placeholders(text)), locale);
      assert.doesNotMatch(out, /[{}]/, `${label} ${locale}: ${out}`);
      if (placeholders(text).includes('code')) assert.ok(out.includes(CODE), `${label} ${locale} lost the code`);
      if (placeholders(text).includes('link')) assert.ok(out.includes(LINK), `${label} ${locale} lost the link`);
    }
  });

  test('NTF-1 Persian messages use Persian digits except the code and the link (Arabic: Arabic-Indic digits)', () => {
    let numbersSeen = 0;
    for (const [label, locale, text] of allTexts()) {
      const names = placeholders(text);
      const out = render(text, sampleParams(names), locale).replace(CODE, '').replace(LINK, '');
      if (locale === 'fa') assert.doesNotMatch(out, /[0-9٠-٩]/, `${label} fa: ${out}`);
      if (locale === 'ar') assert.doesNotMatch(out, /[0-9۰-۹]/, `${label} ar: ${out}`);
      if (names.some((n) => n !== 'code' && n !== 'link')) {
        numbersSeen++;
        const expected = { fa: '۱۴۰۴', ar: '١٤٠٤', en: '1404' }[locale];
        assert.ok(out.includes(expected), `${label} ${locale} should show ${expected}: ${out}`);
      }
    }
    assert.ok(numbersSeen > 0, 'some template should carry a number parameter');
  });

  test('NTF-1 the sign-in code stays in ASCII digits in every language so phones can autofill it', () => {
    for (const locale of LOCALES) {
      const out = render(TEMPLATES['auth.otp'].sms[locale], { code: CODE }, locale);
      assert.ok(out.includes(CODE), out);
    }
  });

  test('NTF-1 a missing parameter is refused, never sent as a raw {placeholder}', () => {
    assert.throws(() => render(TEMPLATES['auth.otp'].sms.fa, {}, 'fa'), /parameter code missing/);
  });
});
