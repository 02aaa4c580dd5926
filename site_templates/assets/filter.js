/* Filters and sorts a project table in place. Without JavaScript the static facet pages do the same job.
   Self-hosted, no dependencies; reads only data-* attributes the generator wrote. */
(function () {
  "use strict";
  var DIMENSIONS = [
    ["category", "类别"], ["area", "区域"], ["unit", "责任单位"],
    ["leader", "分包领导"], ["kind", "性质"], ["light", "灯"]
  ];

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function number(text) {  // "1,234.5", "45.2%", "−12.3" (a real minus sign); "—" for none sorts first
    var value = parseFloat(text.replace(/[,%]/g, "").replace("\u2212", "-"));
    return isNaN(value) ? -Infinity : value;
  }

  function setUp(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var bar = document.createElement("div");
    bar.className = "filter-bar";
    var selects = [];

    DIMENSIONS.forEach(function (dimension) {
      var key = dimension[0];
      var names = {};
      // the cells of project_row.html.j2: name, light, rate, gap, unit, area, category, leader, kind, plan
      var column = { category: 6, area: 5, unit: 4, leader: 7, kind: 8, light: 1 }[key];
      rows.forEach(function (row) { names[row.getAttribute("data-" + key)] = cellText(row, column); });
      var values = Object.keys(names);
      if (values.length < 2) return;
      var select = document.createElement("select");
      select.setAttribute("aria-label", "按" + dimension[1] + "筛选");
      select.appendChild(new Option("全部" + dimension[1], ""));
      values.sort(function (a, b) { return names[a].localeCompare(names[b], "zh-CN-u-co-pinyin"); });
      values.forEach(function (value) { select.appendChild(new Option(names[value], value)); });
      select.addEventListener("change", apply);
      selects.push([key, select]);
      bar.appendChild(select);
    });

    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "按名称筛选";
    search.setAttribute("aria-label", "按项目名称筛选");
    search.addEventListener("input", apply);
    bar.appendChild(search);

    var status = document.createElement("p");
    status.className = "as-of";
    status.setAttribute("aria-live", "polite");

    var box = table.closest(".table-scroll") || table;
    box.parentNode.insertBefore(bar, box);
    box.parentNode.insertBefore(status, box);

    function apply() {
      var text = search.value.trim();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (pair) {
          return !pair[1].value || row.getAttribute("data-" + pair[0]) === pair[1].value;
        }) && (!text || cellText(row, 0).indexOf(text) !== -1);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = header.textContent;
      button.title = "按" + header.textContent + "排序";  // the name stays the visible header text
      header.textContent = "";
      header.appendChild(button);
      var ascending = true;
      button.addEventListener("click", function () {
        var numeric = header.classList.contains("num");
        rows.sort(function (a, b) {
          var order;
          if (index === 0) {  // names in pinyin order, as the generator sorted them (data-order)
            order = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
          } else if (numeric) {
            order = number(cellText(a, index)) - number(cellText(b, index));
          } else {
            order = cellText(a, index).localeCompare(cellText(b, index), "zh-CN-u-co-pinyin");
          }
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-filter]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
