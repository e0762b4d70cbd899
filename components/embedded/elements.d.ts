// The custom elements the embedded app renders, for TSX. App Bridge's (`ui-`) are drawn by the
// admin outside the app's iframe; Polaris's (`s-`) are defined by its CDN script inside it
// (components/embedded/polaris.tsx renders them only once they are defined). Only the properties
// the app sets are declared.
import "react";

type Base = React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & { "data-testid"?: string };
type Tone = "info" | "success" | "warning" | "critical" | "auto";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "ui-title-bar": Base & { title?: string };
      "ui-nav-menu": Base;
      "s-page": Base & { heading?: string; inlineSize?: "small" | "base" | "large" };
      "s-section": Base & { heading?: string; padding?: "base" | "none" };
      "s-button": Base & {
        variant?: "auto" | "primary" | "secondary" | "tertiary";
        tone?: "critical" | "auto" | "neutral";
        disabled?: boolean;
        loading?: boolean;
        href?: string;
        target?: "auto" | "_blank" | "_self" | "_parent" | "_top";
        accessibilityLabel?: string;
      };
      "s-badge": Base & { tone?: Tone };
      "s-banner": Base & { tone?: Tone; heading?: string; dismissible?: boolean };
      "s-table": Base & { variant?: "auto" | "list"; loading?: boolean; accessibilityLabel?: string };
      "s-table-header-row": Base;
      "s-table-header": Base & { format?: "base" | "currency" | "numeric"; listSlot?: "primary" | "secondary" | "kicker" | "inline" | "labeled" };
      "s-table-body": Base;
      "s-table-row": Base & { clickDelegate?: string };
      "s-table-cell": Base;
    }
  }
}
