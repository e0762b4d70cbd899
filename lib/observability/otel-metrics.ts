import { metrics, type Attributes, type Counter, type Histogram, type MeterProvider } from "@opentelemetry/api";

// The measures pushed to an OTLP collector beside the spans: request, report, job and connector
// call durations and connector errors. The API hands out no-op instruments until a meter provider
// is registered and never upgrades them, so they are made again whenever the provider changes (the
// SDK starts after modules load; tests register their own).

type Instruments = {
  request: Histogram;
  report: Histogram;
  job: Histogram;
  connector: Histogram;
  connectorErrors: Counter;
};

/** Seconds: a cached report or a quick API call in milliseconds, a backfill slice in minutes. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

let made: { provider: MeterProvider; instruments: Instruments } | null = null;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (made?.provider === provider) return made.instruments;
  const meter = provider.getMeter("signalboard");
  const seconds = (name: string, description: string) => meter.createHistogram(name, { description, unit: "s", advice: { explicitBucketBoundaries: SECONDS } });
  const built: Instruments = {
    request: seconds("signalboard.api.request.duration", "API requests, by route, method and status class"),
    report: seconds("signalboard.report.duration", "Time to compute a report, by report kind and outcome"),
    job: seconds("signalboard.job.duration", "Job runs, by job kind, backend and outcome"),
    connector: seconds("signalboard.connector.call.duration", "Calls to a provider's API, retries included, by provider and outcome"),
    connectorErrors: meter.createCounter("signalboard.connector.call.errors", { description: "Provider API calls that failed after their retries, by provider and error kind" }),
  };
  made = { provider, instruments: built };
  return built;
}

export function recordDuration(kind: Exclude<keyof Instruments, "connectorErrors">, seconds: number, attributes: Attributes): void {
  instruments()[kind].record(seconds, attributes);
}

export function countConnectorError(attributes: Attributes): void {
  instruments().connectorErrors.add(1, attributes);
}
