// What a report says about the rollup rebuild a settings change starts. Kept apart from the
// loading code so the browser's dashboard notice can recognise it without the database client.

export const FAILED_REBUILD_WARNING =
  "The last settings change could not be applied to every past day, so some numbers may still follow the old settings. An admin can retry it in the metric settings.";
