/** One entry in the panel's navigation. */
export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
  /** Leaves the panel (the till): marked with an arrow. */
  external?: boolean;
}
