const fs = require('node:fs');
module.exports = (file, options, done) => {
  fs.readFile(file, 'utf8', (error, text) => done(error, text?.replaceAll('{{name}}', options.name)));
};
