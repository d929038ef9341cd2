import { OpsReviewsPage } from './pages/ops/reviews-page';
import { OnboardingPage } from './pages/onboarding/onboarding-page';
import { OpsProviderApplicationsPage } from './pages/ops-providers/applications-page';
import { OpsProviderApplicantPage } from './pages/ops-providers/applicant-page';
import { KycPage } from './pages/kyc/kyc-page';
import { OpsKycListPage, OpsKycPage } from './pages/kyc/ops-kyc-pages';
import { CompaniesPage, CompanyRegisterPage } from './pages/companies/companies-pages';
import { CompanyPanelPage } from './pages/companies/company-panel-page';
import { OpsCompaniesPage, OpsCompanyPage } from './pages/companies/ops-companies-pages';
import { ErrandsPage } from './pages/errands/errands-page';
import { ErrandNewPage } from './pages/errands/errand-new-page';
import { ErrandPage } from './pages/errands/errand-page';
import { AssistantErrandPage, AssistantErrandsPage } from './pages/errands/assistant-errands-page';
import { OpsErrandPhonePage, OpsErrandsPage } from './pages/errands/ops-errands-page';
import { OpsErrandPage } from './pages/errands/ops-errand-page';
import { useEffect, type ReactElement } from 'react';
import type { Role } from './api';
import { useSession } from './session';
import { matchPath, navigate, useLocation } from './router';
import { AREA_HOME, homeArea, hasRole, opsHome, OPS_ROLES, rememberArea } from './areas';
import { Loading } from './components/ui';
import { Shell } from './components/shell';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/sign-in/forgot-password-page';
import { DemoSmsPage } from './pages/demo-sms-page';
import { ProfilePage } from './pages/profile/profile-page';
import { TermsPage } from './pages/terms-page';
import { CustomerHomePage } from './pages/customer-home-page';
import { ProviderHomePage } from './pages/provider-home-page';
import { OpsUsersPage } from './pages/ops/users-page';
import { OpsUserPage } from './pages/ops/user-page';
import { OpsSettingsPage } from './pages/ops/settings-page';
import { OpsAuditPage } from './pages/ops/audit-page';
import { OpsTermsPage } from './pages/ops/terms-publish-page';
import { NoAccessPage, NotFoundPage } from './pages/misc-pages';
import { WalletPage } from './pages/wallet/wallet-page';
import { TopupPage } from './pages/wallet/topup-page';
import { PaymentResultPage } from './pages/wallet/payment-result-page';
import { ReceiptPage, ReceiptsPage } from './pages/wallet/receipt-pages';
import { PromoPage } from './pages/wallet/promo-page';
import { ProviderWalletPage } from './pages/wallet/provider-wallet-page';
import { PaymentLinkPage } from './pages/wallet/payment-link-page';
import { OpsMoneyPage } from './pages/ops/money-hub-page';
import { OpsLedgerPage } from './pages/ops/ledger-page';
import { OpsLedgerAccountPage } from './pages/ops/ledger-account-page';
import { OpsSettlementsPage } from './pages/ops/settlements-page';
import { OpsPromotionsPage } from './pages/ops/promotions-page';
import { OpsPromotionPage } from './pages/ops/promotion-page';
import { OpsPromotionFormPage } from './pages/ops/promotion-form-page';
import { OpsPaymentLinksPage } from './pages/ops/payment-links-page';
import { NewOrderPage } from './pages/rides/new-order-page';
import { TripPage } from './pages/rides/trip-page';
import { RideHistoryPage } from './pages/rides/history-page';
import { SharedTripPage } from './pages/rides/shared-trip-page';
import { ProviderWorkPage } from './pages/provider/work-page';
import { OpsLivePage } from './pages/ops/live-page';
import { OpsDashboardPage } from './pages/ops/dashboard-page';
import { OpsOrdersPage } from './pages/ops/orders-page';
import { OpsOrderPage } from './pages/ops/orders-detail-page';
import { RewardsPage } from './pages/rewards/rewards-page';
import { OpsRewardsPage } from './pages/ops/rewards-page';
import { MyClaimsPage, NewClaimPage, NewComplaintPage } from './pages/claims/customer-claims-pages';
import { OpsClaimPage, OpsClaimsPage, OpsComplaintPage } from './pages/claims/ops-claims-pages';
import { ProviderComplaintsPage } from './pages/claims/provider-complaints-page';
import { OpsPenaltiesPage } from './pages/claims/ops-penalties-page';
import { ProviderShopOrderPage, ProviderShopPage } from './pages/shop/provider-shop-pages';
import { OpsShopOrderPage, OpsShopPage } from './pages/shop/ops-shop-pages';
import { OpsGuaranteeReturnPage, OpsGuaranteeReturnsPage, ProviderGuaranteePage } from './pages/shop/guarantee-pages';
import { OpsRequestPage, OpsRequestsPage, ProviderRequestPage, ProviderRequestsPage } from './pages/provider-requests/requests-pages';
import { NewPaymentOrderPage, PaymentOrderCartPage, PaymentOrdersPage } from './pages/payment-orders/payment-orders-pages';
import { OpsFxRatesPage, OpsPaymentOrderPage, OpsPaymentOrdersPage } from './pages/payment-orders/ops-payment-orders-pages';

interface Route {
  path: string;
  render(params: Record<string, string>): ReactElement;
  /** Signed-out visitors may open it. */
  open?: boolean;
  /** Any of these roles may open it (none: any signed-in user). */
  roles?: readonly Role[];
}

const OPS: readonly Role[] = ['ops_agent', 'ops_admin'];

const ROUTES: Route[] = [
  { path: '/signin', open: true, render: () => <SignInPage /> },
  { path: '/forgot-password', open: true, render: () => <ForgotPasswordPage /> },
  { path: '/reset-password', open: true, render: () => <ResetPasswordPage /> },
  { path: '/demo/sms', open: true, render: () => <DemoSmsPage /> },
  { path: '/', render: () => <Redirect to="home" /> },
  { path: '/home', roles: ['customer'], render: () => <CustomerHomePage /> },
  { path: '/provider', roles: ['provider'], render: () => <ProviderHomePage /> },
  { path: '/profile', render: () => <ProfilePage /> },
  { path: '/terms', render: () => <TermsPage /> },
  { path: '/ops', roles: OPS_ROLES, render: () => <Redirect to="ops" /> },
  { path: '/ops/users', roles: OPS, render: () => <OpsUsersPage /> },
  { path: '/ops/users/:id', roles: OPS, render: (p) => <OpsUserPage id={p.id} /> },
  { path: '/ops/settings', roles: OPS_ROLES, render: () => <OpsSettingsPage /> },
  { path: '/ops/audit', roles: OPS_ROLES, render: () => <OpsAuditPage /> },
  { path: '/ops/terms', roles: ['ops_admin'], render: () => <OpsTermsPage /> },
  // Money (issue 3): wallet, top-up, receipts, promo codes, payment links; ops ledger and promotions.
  { path: '/wallet', roles: ['customer'], render: () => <WalletPage /> },
  { path: '/wallet/topup', roles: ['customer', 'provider'], render: () => <TopupPage /> },
  { path: '/wallet/promo', roles: ['customer'], render: () => <PromoPage /> },
  { path: '/wallet/receipts', render: () => <ReceiptsPage /> },
  { path: '/wallet/receipts/:id', render: (p) => <ReceiptPage id={p.id} /> },
  { path: '/payments/:id', render: (p) => <PaymentResultPage id={p.id} /> },
  { path: '/p/:code', open: true, render: (p) => <PaymentLinkPage code={p.code} /> },
  { path: '/provider/wallet', roles: ['provider'], render: () => <ProviderWalletPage /> },
  { path: '/provider/rewards', roles: ['provider'], render: () => <RewardsPage /> },
  { path: '/ops/rewards', roles: OPS_ROLES, render: () => <OpsRewardsPage /> },
  { path: '/ops/money', roles: OPS_ROLES, render: () => <OpsMoneyPage /> },
  { path: '/ops/ledger', roles: OPS_ROLES, render: () => <OpsLedgerPage /> },
  { path: '/ops/ledger/accounts/:id', roles: OPS_ROLES, render: (p) => <OpsLedgerAccountPage id={p.id} /> },
  { path: '/ops/settlements', roles: ['finance'], render: () => <OpsSettlementsPage /> },
  { path: '/ops/promotions', roles: OPS_ROLES, render: () => <OpsPromotionsPage /> },
  { path: '/ops/promotions/new', roles: ['ops_admin'], render: () => <OpsPromotionFormPage /> },
  { path: '/ops/promotions/:id', roles: OPS_ROLES, render: (p) => <OpsPromotionPage id={p.id} /> },
  { path: '/ops/payment-links', roles: OPS_ROLES, render: () => <OpsPaymentLinksPage /> },
  // Rides and parcels (issue 4): order, follow, history; provider work; ops live map and orders.
  { path: '/share/:token', open: true, render: (p) => <SharedTripPage token={p.token} /> },
  { path: '/rides', roles: ['customer'], render: () => <RideHistoryPage /> },
  { path: '/rides/new', roles: ['customer'], render: () => <NewOrderPage /> },
  { path: '/rides/:id', roles: ['customer'], render: (p) => <TripPage id={p.id} /> },
  { path: '/provider/work', roles: ['provider'], render: () => <ProviderWorkPage /> },
  { path: '/ops/live', roles: OPS, render: () => <OpsLivePage /> },
  { path: '/ops/dashboard', roles: OPS, render: () => <OpsDashboardPage /> },
  { path: '/ops/reviews', roles: OPS_ROLES, render: () => <OpsReviewsPage /> },
  // Provider onboarding (issue 5, PRV-1..PRV-3): any signed-in user applies; ops review and activate.
  { path: '/onboarding', render: () => <OnboardingPage /> },
  { path: '/ops/providers', roles: OPS, render: () => <OpsProviderApplicationsPage /> },
  { path: '/ops/providers/:userId', roles: OPS, render: (p) => <OpsProviderApplicantPage userId={p.userId} /> },
  { path: '/kyc', render: () => <KycPage /> },
  { path: '/ops/kyc', roles: OPS, render: () => <OpsKycListPage /> },
  { path: '/ops/kyc/:id', roles: OPS, render: (p) => <OpsKycPage id={p.id} /> },
  { path: '/companies', render: () => <CompaniesPage /> },
  { path: '/companies/new', render: () => <CompanyRegisterPage /> },
  { path: '/companies/:id', render: (p) => <CompanyPanelPage id={p.id} /> },
  { path: '/ops/companies', roles: OPS, render: () => <OpsCompaniesPage /> },
  { path: '/ops/companies/:id', roles: OPS, render: (p) => <OpsCompanyPage id={p.id} /> },
  // Errands (issue 7, ERR-1..ERR-7): catalogue, request, timeline; the assistant's work; the ops queue and phone channel.
  { path: '/errands', roles: ['customer'], render: () => <ErrandsPage /> },
  { path: '/errands/new', roles: ['customer'], render: () => <ErrandNewPage /> },
  { path: '/errands/:id', roles: ['customer'], render: (p) => <ErrandPage id={p.id} /> },
  { path: '/provider/errands', roles: ['provider'], render: () => <AssistantErrandsPage /> },
  { path: '/provider/errands/:id', roles: ['provider'], render: (p) => <AssistantErrandPage id={p.id} /> },
  { path: '/ops/errands', roles: OPS, render: () => <OpsErrandsPage /> },
  { path: '/ops/errands/phone', roles: OPS, render: () => <OpsErrandPhonePage /> },
  { path: '/ops/errands/:id', roles: OPS, render: (p) => <OpsErrandPage id={p.id} /> },
  // Cross-border payment orders (issue 7, XPO-1..XPO-8): categories, order form with live quote, cart; ops queue, rates, detail.
  { path: '/payment-orders', roles: ['customer'], render: () => <PaymentOrdersPage /> },
  { path: '/payment-orders/new', roles: ['customer'], render: () => <NewPaymentOrderPage /> },
  { path: '/payment-orders/cart', roles: ['customer'], render: () => <PaymentOrderCartPage /> },
  { path: '/ops/payment-orders', roles: OPS_ROLES, render: () => <OpsPaymentOrdersPage /> },
  { path: '/ops/payment-orders/rates', roles: OPS_ROLES, render: () => <OpsFxRatesPage /> },
  { path: '/ops/payment-orders/:id', roles: OPS_ROLES, render: (p) => <OpsPaymentOrderPage id={p.id} /> },
  { path: '/ops/orders', roles: OPS, render: () => <OpsOrdersPage /> },
  { path: '/ops/orders/:id', roles: OPS, render: (p) => <OpsOrderPage id={p.id} /> },
  // CLM-1 / CLM-2 / PAY-6 (issue 5): damage claims, complaints; ops queues and decisions; complaints against a provider.
  { path: '/claims', roles: ['customer'], render: () => <MyClaimsPage /> },
  { path: '/claims/new', roles: ['customer'], render: () => <NewClaimPage /> },
  { path: '/complaints/new', roles: ['customer'], render: () => <NewComplaintPage /> },
  { path: '/provider/complaints', roles: ['provider'], render: () => <ProviderComplaintsPage /> },
  { path: '/ops/claims', roles: OPS, render: () => <OpsClaimsPage /> },
  { path: '/ops/claims/:id', roles: OPS, render: (p) => <OpsClaimPage id={p.id} /> },
  // PRV-4..PRV-6 (issue 5): change requests, guarantee return, equipment shop; ops review screens.
  { path: '/provider/shop', roles: ['provider'], render: () => <ProviderShopPage /> },
  { path: '/provider/shop/orders/:id', roles: ['provider'], render: (p) => <ProviderShopOrderPage id={p.id} /> },
  { path: '/provider/requests', roles: ['provider'], render: () => <ProviderRequestsPage /> },
  { path: '/provider/requests/:id', roles: ['provider'], render: (p) => <ProviderRequestPage id={p.id} /> },
  { path: '/provider/guarantee', roles: ['provider'], render: () => <ProviderGuaranteePage /> },
  { path: '/ops/shop', roles: OPS, render: () => <OpsShopPage /> },
  { path: '/ops/shop/orders/:id', roles: OPS, render: (p) => <OpsShopOrderPage id={p.id} /> },
  { path: '/ops/provider-requests', roles: OPS, render: () => <OpsRequestsPage /> },
  { path: '/ops/provider-requests/:id', roles: OPS, render: (p) => <OpsRequestPage id={p.id} /> },
  { path: '/ops/guarantee-returns', roles: OPS, render: () => <OpsGuaranteeReturnsPage /> },
  { path: '/ops/guarantee-returns/:id', roles: OPS, render: (p) => <OpsGuaranteeReturnPage id={p.id} /> },
  { path: '/ops/complaints/:id', roles: OPS, render: (p) => <OpsComplaintPage id={p.id} /> },
  { path: '/ops/penalties', roles: ['ops_admin', 'finance'], render: () => <OpsPenaltiesPage /> },
];

/** Sends "/" to the home of the area the user works in, "/ops" to the first ops page they may open. */
function Redirect({ to }: { to: 'home' | 'ops' }) {
  const { me } = useSession();
  useEffect(() => {
    navigate(to === 'ops' ? opsHome(me) : AREA_HOME[homeArea(me)], { replace: true });
  }, [to, me]);
  return null;
}

function SignInRedirect() {
  const { path, href } = useLocation();
  useEffect(() => {
    navigate(path === '/' ? '/signin' : `/signin?next=${encodeURIComponent(href)}`, { replace: true });
  }, [path, href]);
  return null;
}

export function App() {
  const { status, me } = useSession();
  const { path } = useLocation();
  let params: Record<string, string> | null = null;
  const route = ROUTES.find((r) => (params = matchPath(r.path, path)) !== null);

  // Remember the area of the page, so "home" returns to it.
  useEffect(() => {
    if (path.startsWith('/ops') && hasRole(me, ...OPS_ROLES)) rememberArea('ops');
    else if (path === '/provider' || path.startsWith('/provider/')) rememberArea('provider');
    else if (path === '/home' || path === '/wallet' || path.startsWith('/rides') || path.startsWith('/errands')) rememberArea('customer');
  }, [path, me]);

  if (!route) return <NotFoundPage />;
  if (route.open) return route.render(params ?? {});
  if (status === 'loading') return <Shell><Loading /></Shell>;
  if (status === 'signedOut') return <SignInRedirect />;
  if (route.roles && !hasRole(me, ...route.roles)) return <NoAccessPage />;
  return route.render(params ?? {});
}
