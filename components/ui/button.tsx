import { Slot } from "radix-ui";
import { LoaderCircle } from "lucide-react";
import { cn } from "./cn";

const VARIANTS = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-400",
  ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400",
} as const;
const SIZES = { sm: "h-8 px-3 text-sm", md: "h-9 px-4 text-sm", icon: "h-8 w-8" } as const;

export type ButtonProps = React.ComponentProps<"button"> & {
  variant?: keyof typeof VARIANTS;
  size?: keyof typeof SIZES;
  /** Shows a spinner and disables the button while work is in progress. */
  pending?: boolean;
  asChild?: boolean;
};

export function Button({
  variant = "primary",
  size = "md",
  pending,
  asChild,
  className,
  children,
  disabled,
  ...props
}: ButtonProps) {
  const classes = cn(
    "inline-flex shrink-0 items-center justify-center gap-2 rounded-md font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
  if (asChild)
    return (
      <Slot.Root className={classes} {...props}>
        {children}
      </Slot.Root>
    );
  return (
    <button className={classes} disabled={disabled || pending} aria-busy={pending || undefined} {...props}>
      {pending && <LoaderCircle className="size-4 animate-spin" aria-hidden />}
      {children}
    </button>
  );
}
