import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createClient } from './api/create-client.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
const client = createClient(window);
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
