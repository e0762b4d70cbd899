// The shape of data/sample-rates.json, shared by the file's generator and its reader.

export const SAMPLE_RANGE = { from: "2023-01-01", to: "2027-12-31" } as const;

export type SampleRatesFile = {
  notice: string;
  base: string;
  from: string;
  to: string;
  /** quote -> one rate per day from `from`, in order. */
  rates: Record<string, number[]>;
};
