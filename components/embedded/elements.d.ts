// App Bridge's web components (defined by the CDN script): the admin draws them outside the
// app's iframe.
import "react";

type UiElement = React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement>;

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "ui-title-bar": UiElement & { title?: string };
      "ui-nav-menu": UiElement;
    }
  }
}
