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
  'claim.decided': {
    sms: {
      fa: 'پیک: درخواست خسارت مرسوله شما بررسی شد: {result}',
      ar: 'بيك: تمت مراجعة طلب تعويض شحنتك: {result}',
      en: 'Peyk: your parcel damage claim was reviewed: {result}',
    },
  },
  'complaint.warning': {
    sms: {
      fa: 'پیک: {name} عزیز، در پی شکایتی که بررسی شد به شما اخطار داده می‌شود: {note}',
      ar: 'بيك: عزيزي {name}، بعد مراجعة شكوى، هذا إنذار لك: {note}',
      en: 'Peyk: dear {name}, after a complaint was reviewed, this is a warning: {note}',
    },
  },
  'shop.shipped': {
    sms: {
      fa: 'پیک: سفارش تجهیزات شما با کد رهگیری پستی {tracking} ارسال شد.',
      ar: 'بيك: تم إرسال طلب المعدات الخاص بك برقم التتبع البريدي {tracking}.',
      en: 'Peyk: your equipment order was posted; tracking number {tracking}.',
    },
  },
  'providerRequest.decided': {
    sms: {
      fa: 'پیک: درخواست {type} شما {outcome}.',
      ar: 'بيك: طلب {type} الخاص بك {outcome}.',
      en: 'Peyk: your {type} request was {outcome}.',
    },
  },
  'guarantee.shipped': {
    sms: {
      fa: 'پیک: مدارک شما با کد رهگیری پستی {tracking} ارسال شد. هزینه پست هنگام تحویل پرداخت می‌شود.',
      ar: 'بيك: تم إرسال مستنداتك برقم التتبع البريدي {tracking}. تُدفع أجرة البريد عند التسليم.',
      en: 'Peyk: your documents were posted; tracking number {tracking}. Postage is paid on delivery.',
    },
  },
  'penalty.recorded': {
    sms: {
      fa: 'پیک: جریمه {amount} بابت «{reason}» از موجودی شما کسر شد.',
      ar: 'بيك: تم خصم غرامة {amount} من رصيدك بسبب «{reason}».',
      en: 'Peyk: a penalty of {amount} for "{reason}" was charged to your balance.',
    },
  },
  'kyc.verified': {
    sms: {
      fa: 'پیک: {name} عزیز، هویت شما تأیید شد.',
      ar: 'بيك: عزيزي {name}، تم التحقق من هويتك.',
      en: 'Peyk: dear {name}, your identity has been verified.',
    },
  },
  'kyc.rejected': {
    sms: {
      fa: 'پیک: مدارک هویتی شما تأیید نشد: {reason}. لطفاً دوباره در برنامه ارسال کنید.',
      ar: 'بيك: لم يتم قبول وثائق هويتك: {reason}. يرجى إرسالها مجدداً في التطبيق.',
      en: 'Peyk: your identity documents were not accepted: {reason}. Please submit them again in the app.',
    },
  },
  'kyc.required': {
    sms: {
      fa: 'پیک: لطفاً تا {date} هویت خود را در بخش احراز هویت برنامه تأیید کنید؛ در غیر این صورت حساب شما ممکن است مسدود شود.',
      ar: 'بيك: يرجى التحقق من هويتك في التطبيق قبل {date}، وإلا فقد يتم حظر حسابك.',
      en: 'Peyk: please verify your identity in the app by {date}, or your account may be blocked.',
    },
  },
  'company.approved': {
    sms: {
      fa: 'پیک: حساب سازمانی «{company}» تأیید و فعال شد.',
      ar: 'بيك: تمت الموافقة على حساب الشركة «{company}» وتفعيله.',
      en: 'Peyk: the company account "{company}" has been approved and is active.',
    },
  },
  'company.rejected': {
    sms: {
      fa: 'پیک: ثبت حساب سازمانی «{company}» تأیید نشد: {reason}',
      ar: 'بيك: لم تتم الموافقة على تسجيل الشركة «{company}»: {reason}',
      en: 'Peyk: the registration of "{company}" was not approved: {reason}',
    },
  },
  'company.invited': {
    sms: {
      fa: 'پیک: شما به حساب سازمانی «{company}» دعوت شده‌اید. برای پذیرش وارد شوید: {link}',
      ar: 'بيك: تمت دعوتك إلى حساب الشركة «{company}». سجّل الدخول للقبول: {link}',
      en: 'Peyk: you have been invited to the company account "{company}". Sign in to accept: {link}',
    },
  },
  'trip.lostItem': {
    sms: {
      fa: 'پیک: مشتری یکی از سفرهای اخیر شما گزارش داده وسیله‌ای جا گذاشته است. لطفاً در گفتگوی همان سفر در برنامه پاسخ دهید.',
      ar: 'بيك: أبلغ عميل إحدى رحلاتك الأخيرة عن غرض مفقود. يرجى الرد في محادثة تلك الرحلة داخل التطبيق.',
      en: 'Peyk: a customer of one of your recent trips reported a lost item. Please answer in that trip\'s chat in the app.',
    },
  },
  'provider.documentExpiring': {
    sms: {
      fa: 'پیک: اعتبار یکی از مدارک شما ({document}) تا {days} روز دیگر تمام می‌شود. لطفاً مدرک تازه را در برنامه بارگذاری کنید.',
      ar: 'بيك: تنتهي صلاحية أحد مستنداتك ({document}) خلال {days} يومًا. يرجى رفع المستند الجديد في التطبيق.',
      en: 'Peyk: one of your documents ({document}) expires in {days} days. Please upload the new one in the app.',
    },
  },
  'provider.activated': {
    sms: {
      fa: 'پیک: حساب همکاری شما فعال شد. از بخش همکار می‌توانید شروع به کار کنید.',
      ar: 'بيك: تم تفعيل حسابك كمزوّد خدمة. يمكنك البدء من قسم المزوّد.',
      en: 'Peyk: your provider account is active. You can start working from the provider area.',
    },
  },
  'provider.deactivated': {
    sms: {
      fa: 'پیک: حساب همکاری شما به دلیل پایان اعتبار مدرک ({document}) غیرفعال شد. با تأیید مدرک تازه دوباره فعال می‌شود.',
      ar: 'بيك: تم إيقاف حسابك كمزوّد لانتهاء صلاحية مستند ({document}). سيُعاد تفعيله بعد اعتماد المستند الجديد.',
      en: 'Peyk: your provider account was deactivated because a document ({document}) expired. It is reactivated once a new one is approved.',
    },
  },
  'parcel.deliveryCode': {
    sms: {
      fa: 'پیک: کد تحویل مرسوله شما {code} است. پس از بررسی مرسوله آن را به پیک بدهید.',
      ar: 'بيك: رمز استلام الطرد {code}. أعطه للمندوب بعد فحص الطرد.',
      en: 'Peyk: your parcel delivery code is {code}. Give it to the courier after checking the parcel.',
    },
  },
  'errand.update': {
    sms: {
      fa: 'پیک: درخواست کارپردازی «{service}»: {step}. پیگیری در برنامه.',
      ar: 'بيك: طلب المهمة «{service}»: {step}. تابع في التطبيق.',
      en: 'Peyk: your errand "{service}": {step}. Follow it in the app.',
    },
  },
  'paymentOrder.fulfilled': {
    sms: {
      fa: 'پیک: پرداخت ارزی {site} به مبلغ {amount} انجام شد. رسید در ایمیل و برنامه است. لطفاً رمز عبور حساب خود در آن سایت را عوض کنید.',
      ar: 'بيك: تم الدفع إلى {site} بمبلغ {amount}. الإيصال في بريدك وفي التطبيق. يرجى تغيير كلمة مرور حسابك في ذلك الموقع.',
      en: 'Peyk: your payment to {site} ({amount}) is done. The receipt is in your email and the app. Please change your password on that site.',
    },
    email: {
      fa: { subject: 'رسید پرداخت ارزی پیک: {site}', body: 'پرداخت شما به {site} به مبلغ {foreign} ({amount}) انجام شد.\nشماره پیگیری: {reference}\nرسید سایت مقصد: {link}\nبرای امنیت، رمز عبور حساب خود در {site} را همین حالا عوض کنید.' },
      ar: { subject: 'إيصال الدفع الخارجي من بيك: {site}', body: 'تم دفعك إلى {site} بمبلغ {foreign} ({amount}).\nرقم المتابعة: {reference}\nإيصال الموقع: {link}\nللأمان، غيّر كلمة مرور حسابك في {site} الآن.' },
      en: { subject: 'Peyk cross-border payment receipt: {site}', body: 'Your payment to {site} of {foreign} ({amount}) is done.\nReference: {reference}\nThe site\'s receipt: {link}\nFor your safety, change your password on {site} now.' },
    },
  },
  'paymentOrder.refunded': {
    sms: {
      fa: 'پیک: سفارش پرداخت ارزی {site} انجام‌پذیر نبود و {amount} به کیف پول شما بازگشت.',
      ar: 'بيك: تعذّر تنفيذ طلب الدفع إلى {site} وأُعيد {amount} إلى محفظتك.',
      en: 'Peyk: your payment order for {site} could not be done; {amount} was refunded to your wallet.',
    },
  },
  'paymentOrder.awaitingVerification': {
    sms: {
      fa: 'پیک: پرداخت سفارش ارزی شما دریافت شد. برای انجام آن، احراز هویت خود را در برنامه کامل کنید.',
      ar: 'بيك: استلمنا دفعة طلبك الخارجي. لإتمامه أكمل التحقق من هويتك في التطبيق.',
      en: 'Peyk: we received the payment for your cross-border order. Complete your identity verification in the app so we can do it.',
    },
  },
  'paymentOrder.slaBreached': {
    sms: {
      fa: 'پیک: سفارش پرداخت ارزی {id} از مهلت انجام گذشت.',
      ar: 'بيك: تجاوز طلب الدفع الخارجي {id} مهلة التنفيذ.',
      en: 'Peyk: payment order {id} is past its fulfilment deadline.',
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
