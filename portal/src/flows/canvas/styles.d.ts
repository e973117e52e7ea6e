// The graph library's stylesheet, bundled by Vite; TypeScript only needs to know the import exists.
declare module '@xyflow/react/dist/style.css';
