/** One field at fault in a rejected request. `field` is a dotted path into the body or query. */
export interface ApiErrorDetail {
  field: string;
  message: string;
}

/** The single JSON error shape every endpoint answers with. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  details?: ApiErrorDetail[];
}
