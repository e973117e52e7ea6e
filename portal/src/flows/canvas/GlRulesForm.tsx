/**
 * The transform step's GL rules as a form: each rule a card of conditions (branches, card brands,
 * product lines, customer classes, currencies, an amount range) and the account it gives; the first
 * rule that holds wins, so rules move up and down. Lists are typed as comma-separated codes; an empty
 * condition is left out of the rule (it holds for every payment), as the flow model has it.
 */
import { useState } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import { BranchChecks, type FieldState, TextSetting } from './fields';

interface Amount { atLeast?: number; atMost?: number }
export interface GlRuleValue {
  id: string;
  when: { triggers?: string[]; cardBrands?: string[]; productLines?: string[]; customerClasses?: string[]; currencies?: string[]; amount?: Amount };
  account: string;
}

const LISTS = [
  ['cardBrands', 'Card brands', 'VISA, MASTERCARD, AMEX, DISCOVER'],
  ['productLines', 'Product lines (ICITEM.plinid)', 'e.g. HW, SVC'],
  ['customerClasses', 'Customer classes (ARCUST.class)', 'e.g. RETAIL'],
  ['currencies', 'Currencies', 'ISO codes, e.g. USD, CAD'],
] as const;

/** 'VISA, mc ' → ['VISA', 'mc'] (the rules compare codes whatever their case); nothing → left out. */
export function parseCodes(text: string): string[] | undefined {
  const codes = text.split(',').map(code => code.trim()).filter(Boolean);
  return codes.length ? codes : undefined;
}

/** Whole minor units, or left out; anything else stays as typed so the checks name it. */
function parseMinor(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : /^\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : (trimmed as unknown as number);
}

const withoutEmpty = <T extends object>(value: T): T | undefined => {
  const kept = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return Object.keys(kept).length ? (kept as T) : undefined;
};

/** A comma-separated list typed as text (so 'VISA, ' keeps its comma while the next code is typed). */
const CodesSetting = ({ codes, onChange, ...field }: { codes: string[] | undefined; onChange: (codes: string[] | undefined) => void; label: string; name: string; hint: string; state: FieldState }) => {
  const [text, setText] = useState((codes ?? []).join(', '));
  // A change from outside (undo, a reload) replaces the text; the person's own typing does not.
  const shown = JSON.stringify(parseCodes(text)) === JSON.stringify(codes) ? text : (codes ?? []).join(', ');
  return <TextSetting {...field} value={shown} onChange={v => { setText(v); onChange(parseCodes(v)); }} />;
};

export function freshRuleId(rules: GlRuleValue[]): string {
  const taken = new Set(rules.map(rule => rule.id));
  for (let n = rules.length + 1; ; n++) if (!taken.has(`rule-${n}`)) return `rule-${n}`;
}

export const GlRulesForm = ({ rules, onChange, at, branches }: {
  rules: GlRuleValue[]; onChange: (rules: GlRuleValue[] | undefined) => void; at: (field: string) => FieldState; branches: readonly string[];
}) => {
  const readOnly = at('').readOnly;
  const change = (i: number, rule: GlRuleValue) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const when = (i: number, key: string, value: unknown) => change(i, { ...rules[i], when: withoutEmpty({ ...rules[i].when, [key]: value }) ?? {} });
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <Stack spacing={1.5} data-field="config.glRules">
      <Typography variant="subtitle2">GL rules: the first that holds gives the deposit account</Typography>
      {rules.length === 0 && <Typography variant="body2" color="text.secondary">None: the connection's cash account.</Typography>}
      {at('config.glRules').problems.map(p => <Typography key={p.path + p.message} variant="body2" color="error">{p.message}</Typography>)}
      {rules.map((rule, i) => {
        const base = `config.glRules[${i}]`;
        return (
          <Stack key={i} spacing={1} sx={{ pl: 1, borderLeft: 2, borderColor: 'divider' }} data-testid="gl-rule">
            <Stack direction="row" spacing={1}>
              <TextSetting label={`Rule ${i + 1}: id`} name={`${base}.id`} value={rule.id} onChange={v => change(i, { ...rule, id: v })} state={at(`${base}.id`)} />
              <TextSetting label={`Rule ${i + 1}: account (GLACNT)`} name={`${base}.account`} value={rule.account} onChange={v => change(i, { ...rule, account: v })} state={at(`${base}.account`)} />
            </Stack>
            <BranchChecks legend="On the branches (none ticked: every branch)" name={`${base}.when.triggers`} options={branches}
              value={rule.when.triggers ?? []} onChange={v => when(i, 'triggers', v.length ? v : undefined)} state={at(`${base}.when.triggers`)} />
            {LISTS.map(([key, label, hint]) => (
              <CodesSetting key={key} label={label} name={`${base}.when.${key}`} hint={`${hint}; empty: any`} codes={rule.when[key]}
                onChange={codes => when(i, key, codes)} state={at(`${base}.when.${key}`)} />
            ))}
            <Stack direction="row" spacing={1}>
              {(['atLeast', 'atMost'] as const).map(bound => (
                <TextSetting key={bound} label={bound === 'atLeast' ? 'Amount at least (minor units)' : 'Amount at most (minor units)'} name={`${base}.when.amount.${bound}`}
                  value={rule.when.amount?.[bound] === undefined ? '' : String(rule.when.amount[bound])} state={at(`${base}.when.amount.${bound}`)}
                  onChange={v => when(i, 'amount', withoutEmpty({ ...rule.when.amount, [bound]: parseMinor(v) }))} />
              ))}
            </Stack>
            {!readOnly && (
              <Stack direction="row" spacing={1}>
                {i > 0 && <Button size="small" onClick={() => move(i, -1)}>Move rule {i + 1} up</Button>}
                {i < rules.length - 1 && <Button size="small" onClick={() => move(i, 1)}>Move rule {i + 1} down</Button>}
                <Button size="small" color="error" onClick={() => onChange(rules.length > 1 ? rules.filter((_, j) => j !== i) : undefined)}>Remove rule {i + 1}</Button>
              </Stack>
            )}
          </Stack>
        );
      })}
      {!readOnly && rules.length < 100 && (
        <Box><Button size="small" onClick={() => onChange([...rules, { id: freshRuleId(rules), when: {}, account: '' }])}>Add a GL rule</Button></Box>
      )}
    </Stack>
  );
};
