/* 边输入边筛选：按事项名称、所在分类和公开内容（data-search）查找，输入的每个词都出现才显示。不用网络，中文不需分词。 */
(function () {
  var input = document.getElementById('q');
  if (!input) return;
  var status = document.getElementById('q-status');
  var groups = Array.prototype.slice.call(document.querySelectorAll('.category'));
  // What each entry is found by: its category's name, its own name and its data-search (公开内容).
  var entries = [];
  groups.forEach(function (g) {
    var category = g.getAttribute('data-name') || '';
    Array.prototype.forEach.call(g.querySelectorAll('[data-search]'), function (el) {
      var title = el.querySelector('a, h3, h4');
      entries.push({ el: el, text: [category, title ? title.textContent : el.textContent, el.getAttribute('data-search')].join(' ').toLowerCase() });
    });
  });
  function run() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var found = 0;
    entries.forEach(function (entry) {
      var el = entry.el;
      var text = entry.text;
      var hit = terms.every(function (t) { return text.indexOf(t) !== -1; });
      el.hidden = !hit;
      if (hit) found++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('[data-search]:not([hidden])'); });
    status.textContent = terms.length === 0 ? '' : found > 0 ? status.getAttribute('data-found').replace('{n}', found) : status.getAttribute('data-none');
  }
  input.addEventListener('input', run);
  input.form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
  if (input.value) run();
})();
