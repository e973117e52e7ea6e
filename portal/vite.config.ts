import { defineConfig } from 'vite';

// No @vitejs/plugin-react: Vite 8 compiles TSX with its built-in Oxc transformer.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // MUI/react-admin ship "use client" directives, meaningless in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
