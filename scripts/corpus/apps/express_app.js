// Express app for corpus capture. usage: node express_app.js PORT development|production
const express = require('express');
const fs = require('fs');
const initSqlJs = require('sql.js');
const compression = require('compression');

const port = Number(process.argv[2]);
const mode = process.argv[3] || 'development';
process.env.NODE_ENV = mode;
const app = express();
if (mode === 'production') app.disable('x-powered-by');
app.use(compression({ threshold: 0 })); // gzip when the client asks for it
app.use(express.json());

let db;

app.get('/orders/:id', (req, res) => {
  const order = null;
  res.json({ id: order.id });
});

app.get('/config', (req, res, next) => {
  fs.readFile('/etc/shop-api/config.yaml', 'utf8', (err, data) => (err ? next(err) : res.type('text').send(data)));
});

app.get('/api/users/:id', (req, res) => {
  const sql = `SELECT id, email, pass_hash FROM users WHERE id = ${req.params.id}`;
  try {
    res.json(db.exec(sql));
  } catch (err) {
    res.status(500).json({ error: err.message, sql, stack: err.stack });
  }
});

app.get('/api/products', (req, res, next) => {
  try {
    res.json(db.exec(`SELECT id, name FROM products WHERE category = '${req.query.category}'`));
  } catch (err) {
    next(err); // default handler: stack in <pre> in development
  }
});

app.post('/api/products', (req, res) => {
  try {
    db.run('INSERT INTO products (id, name, category) VALUES (?, ?, ?)', [1, req.body.name, req.body.category]);
    res.status(201).json({ ok: true });
  } catch (err) {
    res.status(409).json({ name: err.name, message: err.message, stack: err.stack });
  }
});

app.get('/api/boom', (req, res) => {
  try {
    JSON.parse(req.query.filter || '{bad');
  } catch (err) {
    res.status(400).json({ message: err.message, stack: err.stack });
  }
});

app.post('/api/checkout', (req, res) => {
  res.status(402).json({ error: 'payment_failed', detail: `Charge failed for card ${req.body.card}`, debug: { body: req.body } });
});

app.get('/api/whoami', (req, res) => {
  res.status(403).json({ error: 'forbidden', message: `Token ${req.get('authorization')} lacks scope orders:write` });
});

app.get('/api/v1/widgets/:id', (req, res) => {
  res.status(404).json({ errors: [{ status: '404', code: 'widget_not_found', title: 'Widget not found',
    detail: `No widget with id ${req.params.id}.`, source: { parameter: 'id' } }] });
});

app.post('/api/v1/transfers', (req, res) => {
  res.status(422).json({ error: { code: 'INSUFFICIENT_FUNDS', message: 'Insufficient funds: the source account balance is lower than 250.00 EUR.',
    api_version: '2.3.1', request_id: 'req_7f3c9a1e2b4d' } });
});

app.get('/api/v1/search', (req, res) => {
  res.status(400).json({ error: { code: 'INVALID_QUERY', message: 'The query parameter "from" must be an ISO 8601 date, e.g. 2024-05-01. Use "select" to choose fields, not SQL.' } });
});

initSqlJs().then((SQL) => {
  db = new SQL.Database();
  db.run('CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT)');
  db.run("INSERT INTO products VALUES (1, 'Lamp', 'home')");
  app.listen(port, '127.0.0.1');
});
