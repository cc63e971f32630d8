import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The app is static: `vite build` emits index.html and hashed assets that any file server can
 * host. Tests and the UI benchmark build it and serve it with `vite preview` on 127.0.0.1.
 */
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
