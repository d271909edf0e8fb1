export interface PickerOption {
  id: string;
  label: string;
  detail?: string;
  /** Options with a group are shown under that heading (roles by application). */
  group?: string;
}
