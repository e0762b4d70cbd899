// Where the API describes itself; the reference page reads it and links to it.
export const OPENAPI_URL = "/api/v1/openapi.json";
