import type { Locale } from '../../platform/i18n.js';
import { localizeDigits } from '../../platform/i18n.js';

type Template = { sms?: Record<Locale, string>; email?: Record<Locale, { subject: string; body: string }> };

/** NTF-1: message templates in Persian, Arabic and English. `{name}` is replaced by a parameter. */
export const TEMPLATES = {
  'auth.otp': {
    sms: {
      fa: 'پیک: کد ورود شما {code} است. این کد را به کسی ندهید.',
      ar: 'بيك: رمز الدخول الخاص بك {code}. لا تشاركه مع أحد.',
      en: 'Peyk: your sign-in code is {code}. Do not share it.',
    },
  },
  'auth.passwordReset': {
    sms: {
      fa: 'پیک: کد بازیابی رمز عبور شما {code} است.',
      ar: 'بيك: رمز استعادة كلمة المرور {code}.',
      en: 'Peyk: your password reset code is {code}.',
    },
    email: {
      fa: { subject: 'بازیابی رمز عبور پیک', body: 'برای تعیین رمز عبور تازه این پیوند را باز کنید:\n{link}\nاین پیوند تا {minutes} دقیقه معتبر است.' },
      ar: { subject: 'استعادة كلمة مرور بيك', body: 'افتح هذا الرابط لتعيين كلمة مرور جديدة:\n{link}\nالرابط صالح لمدة {minutes} دقيقة.' },
      en: { subject: 'Reset your Peyk password', body: 'Open this link to set a new password:\n{link}\nThe link is valid for {minutes} minutes.' },
    },
  },
  'terms.updated': {
    sms: {
      fa: 'پیک: قوانین و مقررات به نسخه {version} به‌روز شد. پیش از سفارش بعدی آن را در برنامه بپذیرید.',
      ar: 'بيك: تم تحديث الشروط إلى الإصدار {version}. يرجى قبولها في التطبيق قبل طلبك التالي.',
      en: 'Peyk: our terms were updated to version {version}. Please accept them in the app before your next order.',
    },
  },
  'account.blocked': {
    sms: {
      fa: 'پیک: حساب شما مسدود شد. برای پیگیری با پشتیبانی تماس بگیرید.',
      ar: 'بيك: تم حظر حسابك. يرجى التواصل مع الدعم.',
      en: 'Peyk: your account has been blocked. Please contact support.',
    },
  },
  'account.unblocked': {
    sms: {
      fa: 'پیک: حساب شما دوباره فعال شد.',
      ar: 'بيك: تم تفعيل حسابك من جديد.',
      en: 'Peyk: your account is active again.',
    },
  },
} satisfies Record<string, Template>;

export type TemplateName = keyof typeof TEMPLATES;

export function render(text: string, params: Record<string, string | number>, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`template parameter ${name} missing`);
    // Codes stay in ASCII digits so phones can autofill them; other numbers follow the locale.
    return name === 'code' || name === 'link' ? String(v) : localizeDigits(String(v), locale);
  });
}
