#!/usr/bin/env node
/**
 * First step of `npm start` (plain JS: it runs before tsx exists). Installs dependencies when
 * node_modules is missing or older than package-lock.json, so a fresh clone needs only `npm start`.
 */
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json'); // npm rewrites it on every install
const lock = join(root, 'package-lock.json');

const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log('[start] installing dependencies (node_modules missing or older than package-lock.json)...');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
