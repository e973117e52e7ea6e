/** IANA time zones for `<input list>` suggestions, and a validator for react-admin inputs. */
export const TIME_ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

export const validTimeZone = (value: string) => {
  try { new Intl.DateTimeFormat('en', { timeZone: value }); return undefined; } catch { return 'Unknown time zone'; }
};

/** Render once per form and point inputs at it with `slotProps={{ htmlInput: { list: id } }}`. */
export const TimeZoneList = ({ id }: { id: string }) => (
  <datalist id={id}>{TIME_ZONES.map(z => <option key={z} value={z} />)}</datalist>
);
