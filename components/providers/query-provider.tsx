"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

// One client per browser tab (not per module), so server renders never share a cache between users.
function makeClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server components paint first; data refetched sooner than this would only repeat them.
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        retry: 1,
      },
    },
  });
}

export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(makeClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
