// The 95% confidence interval of a mean by the normal approximation (mean ± 1.96 standard errors,
// with the sample standard deviation): good enough from about 30 observations, which is why
// smaller groups get no interval at all.

export const Z_95 = 1.96;
export const MIN_GROUP_FOR_CI = 30;

/** Whether an interval [low, high] holds `value`: a group whose interval holds the overall mean is not distinguishable from it. */
export const holds = (low: bigint, high: bigint, value: bigint) => low <= value && value <= high;
