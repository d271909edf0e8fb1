// swagger-ui-react ships no types (and @types/swagger-ui-react lags it): the props we use.
declare module "swagger-ui-react" {
  import type { ComponentType } from "react";
  const SwaggerUI: ComponentType<{
    url?: string;
    validatorUrl?: string | null;
    docExpansion?: "list" | "full" | "none";
    defaultModelsExpandDepth?: number;
    tryItOutEnabled?: boolean;
  }>;
  export default SwaggerUI;
}
