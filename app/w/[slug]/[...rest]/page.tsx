import { notFound } from "next/navigation";

// Any unknown path inside a workspace is a 404 (the layout has already checked membership).
export default function UnknownWorkspacePage() {
  notFound();
}
