import { cn } from "./cn";

export function Table({ className, ...props }: React.ComponentProps<"table">) {
  return (
    <div className="overflow-x-auto">
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}
export function Th({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn(
        "border-b border-slate-200 bg-slate-50 px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-600 uppercase",
        className,
      )}
      {...props}
    />
  );
}
export function Td({ className, ...props }: React.ComponentProps<"td">) {
  return <td className={cn("border-b border-slate-100 px-4 py-3 align-top text-slate-700", className)} {...props} />;
}
/** A row's buttons: small buttons, padded so their labels line up with the row's text. */
export function ActionsTd({ className, ...props }: React.ComponentProps<"td">) {
  return <Td className={cn("py-1.5 text-right whitespace-nowrap", className)} {...props} />;
}
export function Tr({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr className={cn("group hover:bg-slate-50/70", className)} {...props} />;
}

export const linkClass = "font-medium text-indigo-700 underline-offset-2 hover:underline";
