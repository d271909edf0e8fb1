import { Badge } from "@/components/ui/card";

export function StatusBadge({ status }: { status: "ACTIVE" | "DISABLED" }) {
  return status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge tone="red">Disabled</Badge>;
}
