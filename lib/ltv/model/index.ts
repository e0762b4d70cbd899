// The lifetime-value model's public face: summarise purchase histories, fit, predict, backtest.
// Pure functions on plain data: no database, no clock.
export type { CustomerSummary, PurchaseSummary } from "./types";
export { summarizePurchases, type Purchase } from "./summary";
export { fitLtvModel, MINIMUM_CUSTOMERS, MINIMUM_REPEAT_CUSTOMERS } from "./fit";
export type { FitOptions, FittedLtvModel, LtvFit, NotEnoughData, NotEnoughDataReason } from "./fit";
export { predictCustomer, DEFAULT_HORIZONS_DAYS, type CustomerPrediction, type HorizonPrediction } from "./predict";
export type { BgNbdParams } from "./bgnbd";
export type { GammaGammaParams } from "./gamma-gamma";
