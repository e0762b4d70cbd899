import { EmbeddedHomeView } from "@/components/embedded/home";

/** The app's home inside the Shopify admin (its application_url). */
export default function EmbeddedHomePage() {
  return <EmbeddedHomeView />;
}
