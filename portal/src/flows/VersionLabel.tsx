/** Version 0 is never published: it is the built-in default flow. */
export const versionName = (number: number) => (number === 0 ? 'default (built-in)' : `version ${number}`);

export const VersionLabel = ({ number }: { number: number }) => <span>{versionName(number)}</span>;
