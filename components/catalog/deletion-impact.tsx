import type { RoleDeletionImpact } from "@/lib/dal/roles";
import { count, plural } from "@/lib/text/plural";

/** What deleting roles (one, or all of an application's) takes away, before it happens (rule 6). */
export function DeletionImpact({ impact, what }: { impact: RoleDeletionImpact; what: "role" | "application" }) {
  if (impact.usersLosing === 0 && impact.groups.length === 0)
    return (
      <p className="text-sm text-slate-700">
        {what === "role"
          ? "Nobody holds it, and no group assigns it."
          : "Nobody holds its roles, and no group assigns them."}{" "}
        Nothing else changes.
      </p>
    );
  return (
    <div className="space-y-2 text-sm text-slate-700">
      <p>
        <strong className="font-semibold text-slate-900">{count(impact.usersLosing, "user")}</strong>{" "}
        {plural(impact.usersLosing, "loses", "lose")} access.
      </p>
      {impact.groups.length > 0 && (
        <div>
          <p>{what === "role" ? "It is removed from these groups:" : "Its roles are removed from these groups:"}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {impact.groups.map((group) => (
              <li key={group.id}>
                {group.name} <span className="text-slate-500">({count(group.memberCount, "member")})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {impact.directHolders > 0 && (
        <p>
          {count(impact.directHolders, "direct grant")} {plural(impact.directHolders, "is", "are")} removed.
        </p>
      )}
    </div>
  );
}
