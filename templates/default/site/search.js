/* 边输入边筛选：每个事项带 data-search（名称、分类、公开内容），输入的每个词都出现才显示。不用网络，中文不需分词。 */
(function () {
  var input = document.getElementById('q');
  if (!input) return;
  var status = document.getElementById('q-status');
  var entries = Array.prototype.slice.call(document.querySelectorAll('[data-search]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.category'));
  function run() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var found = 0;
    entries.forEach(function (el) {
      var text = el.getAttribute('data-search');
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
