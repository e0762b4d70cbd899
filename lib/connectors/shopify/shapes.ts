// The JSON shapes our documents in queries.ts select, as Shopify's Admin GraphQL API returns them
// (field names and nullability from the 2026-10 schema). transform.ts reads these; the demo
// server writes them, so the demo cannot drift from what the transform expects.

export type Gid = string;
/** Shopify's DateTime scalar: an ISO-8601 string. */
export type DateTimeString = string;
/** Shopify's Decimal / Money scalars arrive as decimal strings. */
export type DecimalString = string;

export type MoneyV2 = { amount: DecimalString; currencyCode: string };
export type ShopMoneyBag = { shopMoney: MoneyV2 };
export type MoneyBag = { shopMoney: MoneyV2; presentmentMoney: MoneyV2 };

export type PageInfo = { hasNextPage: boolean; endCursor: string | null };
export type Connection<T> = { nodes: T[]; pageInfo: PageInfo };

export type CostExtension = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
};

export type GraphQLErrorEntry = {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
};

export type GraphQLResponse<T> = {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
  extensions?: { cost?: CostExtension; [key: string]: unknown };
};

// --- Shop ---------------------------------------------------------------------------------------

export type ShopNode = { name: string; myshopifyDomain: string; ianaTimezone: string; currencyCode: string };
export type ShopData = { shop: ShopNode };

// --- Orders -------------------------------------------------------------------------------------

export type UtmParametersNode = { source: string | null; medium: string | null; campaign: string | null };

export type CustomerVisitNode = {
  landingPage: string | null;
  referrerUrl: string | null;
  utmParameters: UtmParametersNode | null;
};

export type LineItemNode = {
  id: Gid;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  sku: string | null;
  quantity: number;
  product: { id: Gid } | null;
  variant: { id: Gid; inventoryItem: { unitCost: MoneyV2 | null } | null } | null;
  originalUnitPriceSet: ShopMoneyBag;
  discountAllocations: { allocatedAmountSet: ShopMoneyBag }[];
};

/**
 * A refund as the orders documents carry it: the header only. Its line items and shipping lines
 * are connections, which a bulk query may not select inside the `refunds` list, so both the paged
 * and the bulk path fetch them with the RefundDetails document (see source.ts).
 */
export type RefundHeaderNode = {
  id: Gid;
  createdAt: DateTimeString;
  totalRefundedSet: ShopMoneyBag;
};

export type RefundLineItemNode = {
  id: Gid;
  quantity: number;
  restockType: string;
  lineItem: { id: Gid };
  subtotalSet: ShopMoneyBag;
  totalTaxSet: ShopMoneyBag;
};

export type RefundShippingLineNode = { id: Gid; subtotalAmountSet: ShopMoneyBag };

export type RefundDetailsNode = {
  id: Gid;
  refundLineItems: Connection<RefundLineItemNode>;
  refundShippingLines: { nodes: RefundShippingLineNode[] };
};

/** Order fields shared by the paged node and the bulk root line (everything but connections). */
export type OrderScalars = {
  id: Gid;
  name: string;
  createdAt: DateTimeString;
  processedAt: DateTimeString | null;
  updatedAt: DateTimeString;
  cancelledAt: DateTimeString | null;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  sourceName: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  subtotalPriceSet: ShopMoneyBag | null;
  totalDiscountsSet: ShopMoneyBag | null;
  totalShippingPriceSet: ShopMoneyBag;
  totalTaxSet: ShopMoneyBag | null;
  totalPriceSet: MoneyBag;
  currentTotalPriceSet: ShopMoneyBag;
  customer: { id: Gid } | null;
  /** The codes entered at checkout ([String!]!). */
  discountCodes: string[];
  /** MailingAddress.countryCodeV2 is the CountryCode enum (ISO 3166-1 alpha-2), nullable. */
  /** provinceCode: the subdivision's code ("CA", "ON"), nullable; absent from lines read before it was selected. */
  shippingAddress: { countryCodeV2: string | null; provinceCode?: string | null } | null;
  billingAddress: { countryCodeV2: string | null; provinceCode?: string | null } | null;
  taxesIncluded: boolean;
  /** OrderRiskSummary: each assessment's RiskAssessmentResult (HIGH, MEDIUM, LOW, NONE, PENDING). */
  risk: { assessments: { riskLevel: string }[] } | null;
  customerJourneySummary: { firstVisit: CustomerVisitNode | null } | null;
  refunds: RefundHeaderNode[];
};

export type OrderNode = OrderScalars & { lineItems: Connection<LineItemNode> };

export type OrdersPageData = { orders: Connection<OrderNode> };
export type OrderLineItemsData = { node: { id: Gid; lineItems: Connection<LineItemNode> } | null };
export type RefundDetailsData = { nodes: (RefundDetailsNode | null)[] };
export type RefundLineItemsData = { node: { id: Gid; refundLineItems: Connection<RefundLineItemNode> } | null };

// --- Customers ----------------------------------------------------------------------------------

export type CustomerNode = {
  id: Gid;
  defaultEmailAddress: { emailAddress: string | null } | null;
  /** UnsignedInt64, serialised as a string. */
  numberOfOrders: string;
  tags: string[];
  createdAt: DateTimeString;
  updatedAt: DateTimeString;
  orders: { nodes: { processedAt: DateTimeString }[] };
};
export type CustomersPageData = { customers: Connection<CustomerNode> };

// --- Products -----------------------------------------------------------------------------------

export type VariantNode = {
  id: Gid;
  title: string;
  sku: string | null;
  price: DecimalString;
  updatedAt: DateTimeString;
  inventoryItem: { id: Gid; unitCost: MoneyV2 | null } | null;
};

export type ProductNode = {
  id: Gid;
  title: string;
  vendor: string | null;
  productType: string | null;
  status: string | null;
  tags: string[];
  createdAt: DateTimeString;
  updatedAt: DateTimeString;
  variants: Connection<VariantNode>;
};
export type ProductsPageData = { products: Connection<ProductNode> };
export type ProductVariantsData = { node: { id: Gid; variants: Connection<VariantNode> } | null };

// --- Bulk operations ----------------------------------------------------------------------------

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";

export type BulkOperationNode = {
  id: Gid;
  status: BulkOperationStatus;
  errorCode: string | null;
  /** UnsignedInt64 as a string. */
  objectCount: string;
  rootObjectCount: string;
  url: string | null;
  partialDataUrl: string | null;
};

export type BulkOperationUserError = { field: string[] | null; message: string; code: string | null };

export type BulkRunQueryData = {
  bulkOperationRunQuery: {
    bulkOperation: Pick<BulkOperationNode, "id" | "status"> | null;
    userErrors: BulkOperationUserError[];
  };
};
export type BulkStatusData = { node: BulkOperationNode | null };

/** The root line of a bulk orders file: the order without its connections. */
export type BulkOrderLine = OrderScalars;
/** A child line: a line item of the order named by __parentId. */
export type BulkLineItemLine = LineItemNode & { __parentId: Gid };
