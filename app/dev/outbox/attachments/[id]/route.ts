import { errorResponse } from "@/lib/api/respond";
import { outboxAttachmentResponse } from "@/lib/email/outbox";

// An outbox email's inline image, for the cid: references the outbox page points here.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    return await outboxAttachmentResponse((await params).id);
  } catch (error) {
    return errorResponse(error);
  }
}
