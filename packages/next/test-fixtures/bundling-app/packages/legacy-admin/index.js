// An Express app shipped as a package, as older apps are: CommonJS, templates in a views folder
// beside the code, found through __dirname, and a template engine required from a computed path.
const path = require('node:path');
const express = require('express');

const app = express();
app.set('views', path.join(__dirname, 'views'));
// The engine's file is computed, so no bundler can follow it.
const engineFile = path.join(__dirname, 'engine.js');
app.engine('html', require(engineFile));
app.set('view engine', 'html');
app.get('/', (_req, res) => res.render('index', { name: 'graft' }));
module.exports = app;
