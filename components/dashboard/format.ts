// Display formatting lives beside the reports so server-side renderers (digests) share it.
export * from "@/lib/metrics/report/format";
