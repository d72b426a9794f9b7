// GraphiQL for /graphql, built from the pinned npm packages: the Monaco
// workers are served from /assets like the rest (no CDN).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const file = label === 'graphql' ? 'graphql.worker.js' : label === 'json' ? 'json.worker.js' : 'editor.worker.js';
    return new Worker(`/assets/${file}`, { type: 'module' });
  },
};

const fetcher = async (params, opts) => {
  const resp = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(opts && opts.headers) },
    body: JSON.stringify(params),
  });
  return resp.json();
};

const defaultQuery = `# patronage: which raided sites belong to politically connected elites?
{
  datasetVersion
  siteAssessment(from: "2025-07", to: "2025-07") {
    raidedConnected { site { id name } evidence { reasons { kind entity { name } } } }
    unraidedConnected { site { id name } }
  }
}
`;

createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher, defaultQuery }));
