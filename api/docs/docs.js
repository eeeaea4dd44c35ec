'use strict';
// Renders /api/v1/openapi.json as a list of operations grouped by tag. Plain DOM, no framework, no
// inline script (the page's Content-Security-Policy allows only this file).
(function () {
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  };
  const json = (value) => el('pre', {}, JSON.stringify(value, null, 2));
  const resolve = (doc, schema) => {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()];
    return schema;
  };

  function operation(doc, method, path, op) {
    const access = op['x-access'] || {};
    const who = access.public ? 'công khai' : (access.roles || []).join(', ') + (access.scope && access.scope.length ? ` (${access.scope.join(', ')})` : '');
    const summary = el('summary', {}, el('span', { class: `method ${method}` }, method), el('span', { class: 'path' }, path), el('span', {}, op.summary), el('span', { class: 'roles' }, who));
    const body = el('div', { class: 'body' });
    if (op.description) body.append(el('p', {}, op.description));
    if (op.parameters && op.parameters.length) {
      const table = el('table', {}, el('tr', {}, el('th', {}, 'Tham số'), el('th', {}, 'Ở'), el('th', {}, 'Bắt buộc'), el('th', {}, 'Kiểu / mô tả')));
      for (const p of op.parameters) {
        table.append(el('tr', {}, el('td', {}, p.name), el('td', {}, p.in), el('td', {}, p.required ? 'có' : ''), el('td', {}, p.description || JSON.stringify(p.schema))));
      }
      body.append(table);
    }
    if (op.requestBody) {
      body.append(el('h4', {}, 'Nội dung gửi'));
      for (const [type, media] of Object.entries(op.requestBody.content)) body.append(el('p', {}, type), json(resolve(doc, media.schema)));
    }
    body.append(el('h4', {}, 'Phản hồi'));
    for (const [status, r] of Object.entries(op.responses)) {
      body.append(el('p', {}, el('strong', {}, status), ' — ', r.description));
      const content = r.content && Object.entries(r.content)[0];
      if (content && Number(status) < 400) body.append(json(resolve(doc, content[1].schema)));
    }
    const details = el('details', { class: 'op' }, summary, body);
    details.dataset.search = `${method} ${path} ${op.summary} ${who}`.toLowerCase();
    return details;
  }

  function render(doc) {
    const content = document.getElementById('content');
    content.replaceChildren(el('p', {}, doc.info.description));
    const byTag = new Map();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const tag = (op.tags && op.tags[0]) || 'Khác';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(doc, method, path, op));
      }
    }
    for (const [tag, ops] of byTag) content.append(el('section', {}, el('h2', {}, tag), ...ops));
    document.getElementById('filter').addEventListener('input', (event) => {
      const q = event.target.value.trim().toLowerCase();
      for (const op of content.querySelectorAll('details.op')) op.hidden = q !== '' && !op.dataset.search.includes(q);
      for (const section of content.querySelectorAll('section')) section.hidden = [...section.querySelectorAll('details.op')].every((o) => o.hidden);
    });
  }

  fetch('openapi.json')
    .then((r) => r.json())
    .then(render)
    .catch((error) => document.getElementById('content').replaceChildren(el('p', {}, `Không tải được tài liệu: ${error.message}`)));
})();
