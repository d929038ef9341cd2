import { LOCALES, localizeDigits, type Locale } from '../../platform/i18n.js';

export type Template = { sms?: Record<Locale, string>; email?: Record<Locale, { subject: string; body: string }> };

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
  'payments.link': {
    sms: {
      fa: 'پیک: {name} عزیز، مبلغ {amount} بابت «{description}» برای شما ثبت شده است. پرداخت: {link}',
      ar: 'بيك: عزيزي {name}، تم تسجيل مبلغ {amount} عليك مقابل «{description}». للدفع: {link}',
      en: 'Peyk: dear {name}, a charge of {amount} for "{description}" is due. Pay here: {link}',
    },
  },
  'payments.receipt': {
    sms: {
      fa: 'پیک: پرداخت {amount} بابت «{description}» انجام شد. شماره رسید {number}، کد پیگیری {refId}.',
      ar: 'بيك: تم دفع {amount} مقابل «{description}». رقم الإيصال {number}، رقم المرجع {refId}.',
      en: 'Peyk: your payment of {amount} for "{description}" was received. Receipt {number}, reference {refId}.',
    },
    email: {
      fa: { subject: 'رسید پرداخت پیک {number}', body: 'پرداخت شما به مبلغ {amount} بابت «{description}» انجام شد.\nشماره رسید: {number}\nکد پیگیری: {refId}\nنسخه چاپی رسید: {link}' },
      ar: { subject: 'إيصال دفع بيك {number}', body: 'تم استلام دفعتك بمبلغ {amount} مقابل «{description}».\nرقم الإيصال: {number}\nرقم المرجع: {refId}\nالنسخة القابلة للطباعة: {link}' },
      en: { subject: 'Peyk payment receipt {number}', body: 'We received your payment of {amount} for "{description}".\nReceipt number: {number}\nReference: {refId}\nPrintable receipt: {link}' },
    },
  },
  'promotion.giftCredited': {
    sms: {
      fa: 'پیک: {amount} اعتبار هدیه به حساب شما افزوده شد.',
      ar: 'بيك: تمت إضافة رصيد هدية بقيمة {amount} إلى حسابك.',
      en: 'Peyk: {amount} of gift credit was added to your account.',
    },
  },
  'promotion.giftCreditedExpiring': {
    sms: {
      fa: 'پیک: {amount} اعتبار هدیه به حساب شما افزوده شد؛ تا {date} از آن استفاده کنید.',
      ar: 'بيك: تمت إضافة رصيد هدية بقيمة {amount} إلى حسابك؛ استخدمه قبل {date}.',
      en: 'Peyk: {amount} of gift credit was added to your account; use it before {date}.',
    },
  },
  'promotion.personalOffer': {
    sms: {
      fa: 'پیک: پیشنهاد ویژه شما: «{title}». جزئیات در بخش پیشنهادهای من.',
      ar: 'بيك: عرض خاص لك: «{title}». التفاصيل في قسم عروضي.',
      en: 'Peyk: a special offer for you: "{title}". See My offers for details.',
    },
  },
  'account.unblocked': {
    sms: {
      fa: 'پیک: حساب شما دوباره فعال شد.',
      ar: 'بيك: تم تفعيل حسابك من جديد.',
      en: 'Peyk: your account is active again.',
    },
  },
  'trip.lostItem': {
    sms: {
      fa: 'پیک: مشتری یکی از سفرهای اخیر شما گزارش داده وسیله‌ای جا گذاشته است. لطفاً در گفتگوی همان سفر در برنامه پاسخ دهید.',
      ar: 'بيك: أبلغ عميل إحدى رحلاتك الأخيرة عن غرض مفقود. يرجى الرد في محادثة تلك الرحلة داخل التطبيق.',
      en: 'Peyk: a customer of one of your recent trips reported a lost item. Please answer in that trip\'s chat in the app.',
    },
  },
  'parcel.deliveryCode': {
    sms: {
      fa: 'پیک: کد تحویل مرسوله شما {code} است. پس از بررسی مرسوله آن را به پیک بدهید.',
      ar: 'بيك: رمز استلام الطرد {code}. أعطه للمندوب بعد فحص الطرد.',
      en: 'Peyk: your parcel delivery code is {code}. Give it to the courier after checking the parcel.',
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

/** The `{name}` parameters a text uses, sorted. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/**
 * NTF-1: what is wrong with a set of templates (empty when nothing): a channel without one of
 * fa/ar/en, an empty text, languages disagreeing on the parameters, ASCII digits written into a
 * Persian or Arabic text (numbers there come from parameters, rendered in the locale's digits).
 */
export function templateProblems(templates: Record<string, Template>): string[] {
  const problems: string[] = [];
  for (const [name, tpl] of Object.entries(templates)) {
    if (!tpl.sms && !tpl.email) problems.push(`${name}: declares no channel`);
    for (const [channel, byLocale] of Object.entries(tpl) as Array<[string, Partial<Record<Locale, string | { subject: string; body: string }>> | undefined]>) {
      if (!byLocale) continue;
      const params = new Set<string>();
      for (const locale of LOCALES) {
        const text = byLocale[locale];
        const parts = typeof text === 'string' ? [text] : text ? [text.subject, text.body] : [];
        if (!parts.length || parts.some((p) => typeof p !== 'string' || !p.trim())) {
          problems.push(`${name}.${channel}: missing or empty ${locale} text`);
          continue;
        }
        params.add(placeholders(parts.join('\n')).join(','));
        if (locale !== 'en' && /[0-9]/.test(parts.join('\n').replace(/\{\w+\}/g, ''))) problems.push(`${name}.${channel}.${locale}: ASCII digits in the text`);
      }
      if (params.size > 1) problems.push(`${name}.${channel}: languages use different parameters (${[...params].join(' | ')})`);
    }
  }
  return problems;
}
