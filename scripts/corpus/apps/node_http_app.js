// Plain node:http server that prints err.stack to clients. usage: node node_http_app.js PORT
const http = require('http');
const path = require('path');
const fs = require('fs');

function loadTemplate(name) {
  return fs.readFileSync(path.join('/opt/notify/templates', name + '.hbs'), 'utf8');
}

http.createServer((req, res) => {
  try {
    if (req.url.startsWith('/render')) {
      loadTemplate('welcome');
    } else if (req.url.startsWith('/parse')) {
      JSON.parse('{"user": ');
    } else if (req.url.startsWith('/deep')) {
      const f = (n) => (n === 0 ? undefined.x : f(n - 1));
      f(3);
    } else if (req.url.startsWith('/ok')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'The requested notification does not exist.' } }));
    } else {
      throw new RangeError('Invalid page size: 5000 (max 500)');
    }
    res.end('ok');
  } catch (err) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(err.stack + '\n');
  }
}).listen(Number(process.argv[2]), '127.0.0.1');
