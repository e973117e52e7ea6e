import { useCallback, useEffect, useMemo, useRef } from 'react';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { type Diagnostic, linter, setDiagnostics } from '@codemirror/lint';
import type { SourceLeaf } from './api';

/** Completes the source path being typed ('cust' → customer.email, …), each with its format and a sample. */
function completePaths(current: { current: SourceLeaf[] }) {
  return (context: CompletionContext): CompletionResult | null => {
    const leaves = current.current;
    const word = context.matchBefore(/[\w$.[\]]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return {
      from: word.from,
      options: leaves.map(leaf => ({ label: leaf.path, type: 'variable', detail: leaf.format, info: leaf.samples.slice(0, 3).join(', ') })),
      validFor: /^[\w$.[\]]*$/,
    };
  };
}

/** The API's position as a range under the line: the character before it (JSONata points just past the token). */
export function diagnosticRange(position: number | null, length: number): { from: number; to: number } {
  if (length === 0) return { from: 0, to: 0 };
  const at = Math.min(Math.max(position ?? length, 1), length);
  return { from: at - 1, to: at };
}

/**
 * A JSONata expression in CodeMirror: source paths completed as they are typed (Ctrl-Space lists
 * them all), and the evaluation's error drawn under the line at its position. Tab leaves the editor.
 */
export const ExpressionEditor = ({ label, value, onChange, leaves, error, readOnly }: {
  label: string; value: string; onChange: (value: string) => void; leaves: SourceLeaf[];
  error: { message: string; position: number | null } | null; readOnly: boolean;
}) => {
  const view = useRef<EditorView | null>(null);
  // Read when called: the extensions and the change handler stay the same objects, since new ones
  // reconfigure the editor (react-codemirror) on every render.
  const offered = useRef(leaves);
  offered.current = leaves;
  const changed = useRef(onChange);
  changed.current = onChange;
  const edit = useCallback((text: string) => changed.current(text), []);
  const extensions = useMemo(() => [
    autocompletion({ override: [completePaths(offered)] }),
    linter(null), // the diagnostics' state, kept by any reconfiguration; they come from the evaluation, not a linter
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label }),
  ], [label]);

  // The diagnostic follows the evaluation: set when it reports an error, cleared when it does not.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const length = editor.state.doc.length;
    const diagnostics: Diagnostic[] = error ? [{ ...diagnosticRange(error.position, length), severity: 'error', message: error.message }] : [];
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [error, value]);

  return (
    <CodeMirror value={value} onChange={edit} extensions={extensions} editable={!readOnly} readOnly={readOnly} indentWithTab={false}
      basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, autocompletion: false }}
      onCreateEditor={editor => { view.current = editor; }}
      style={{ border: '1px solid rgba(0,0,0,0.23)', borderRadius: 4, fontSize: 13 }} minHeight="32px" />
  );
};
