import type { Impact } from "@/lib/dal/impact";

/** The impact of one user leaving one group, told about that user: what they lose and what they keep. */
export function LeavingImpact({ impact, username }: { impact: Impact; username: string }) {
  const losing = impact.roles.filter((role) => role.losing > 0);
  return (
    <div className="space-y-3 text-sm text-slate-700">
      {impact.removesLastAdmin && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          This would leave Gatehouse without an administrator, so it will be refused.
        </p>
      )}
      {losing.length === 0 ? (
        <p>{username} loses no role.</p>
      ) : (
        <div>
          <p>{username} loses:</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {losing.map((role) => (
              <li key={role.roleId}>
                <span className="font-medium text-slate-900">{role.roleName}</span>{" "}
                <span className="text-slate-500">({role.applicationName})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {impact.keepers.length > 0 && (
        <div>
          <p>{username} keeps:</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {impact.keepers.map((k) => (
              <li key={k.roleName}>
                <span className="font-medium text-slate-900">{k.roleName}</span> through{" "}
                {k.via.map((v) => (v === "direct" ? "a direct grant" : v)).join(", ")}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
