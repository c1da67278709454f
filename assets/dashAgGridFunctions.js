/*
 * Functions the dash-ag-grid grids call by name ({"function": "name(params, ...)"}).
 *
 * Scoreboard grid (dashboard/pages/scoreboard.py, grid()): each row holds its cells as
 * short arrays in `cells`; an indicator column's `context` gives the cell's position
 * (k) and what the column's cells share (unit, source). The label and the hover text are
 * composed here, exactly as the server wrote them before (_cell_hover), so the page does
 * not carry one long hover string per cell (831 KB of JSON at EU scale).
 *
 * A cell: [value, value text, year (0: the column's), band, score text (null: not
 * scored), index text, group (index into `groups`), derived from parts (null: not
 * derived), flag, source (null: the column's)]; trailing nulls are left out. A
 * column's `context` holds k, its unit, source and most frequent year; `flagWords`
 * gives each flag of the grid in words. Columns without `context` (the region, "no
 * data yet") are left as they are.
 */
(function () {
  var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  function cellOf(params) {
    var ctx = params.colDef && params.colDef.context;
    if (!ctx || !params.data || !params.data.cells) {
      return undefined;
    }
    return params.data.cells[ctx.k] || null;
  }

  function present(x) {
    return x !== null && x !== undefined;
  }

  function yearOf(params, cell) {
    return cell[2] || params.colDef.context.year;
  }

  dagfuncs.scoreboardValue = function (params) {
    var cell = cellOf(params);
    if (cell === undefined) {
      return params.data ? params.data[params.colDef.field] : undefined;
    }
    return cell && present(cell[0]) ? cell[0] : null;
  };

  // The cell's year (0: no value), for marking cells older than the grid's cutoff.
  dagfuncs.scoreboardYear = function (params) {
    var cell = cellOf(params);
    return cell ? yearOf(params, cell) : 0;
  };

  dagfuncs.scoreboardBand = function (params) {
    var cell = cellOf(params);
    return cell && present(cell[3]) ? cell[3] : null;
  };

  dagfuncs.scoreboardLabel = function (params, derivedMark) {
    var cell = cellOf(params);
    if (cell === undefined) {
      return params.value;
    }
    if (!cell) {
      return "\u2013";
    }
    var flag = cell[8];
    return (
      cell[1] +
      (present(cell[7]) ? derivedMark : "") +
      (flag && flag.length <= 3 ? " " + flag : "") +
      " (" + yearOf(params, cell) + ")"
    );
  };

  dagfuncs.scoreboardTip = function (params, methodLabel, noValue, groups, flagWords) {
    var cell = cellOf(params);
    if (cell === undefined) {
      return undefined;
    }
    if (!cell) {
      return noValue;
    }
    var ctx = params.colDef.context;
    var parts = [
      // the indicator's name (the header also carries unit and year)
      ctx.name + ": " + cell[1] + " " + ctx.unit,
      "year " + yearOf(params, cell),
    ];
    if (cell[8]) {
      parts.push("flag " + flagWords[cell[8]]);
    }
    if (present(cell[7])) {
      parts.push("derived from NUTS-2 parts " + cell[7]);
    }
    if (cell[4]) {
      parts.push("normalised score " + cell[4] + " (" + methodLabel + ")");
      if (cell[5]) {
        parts.push(cell[5] + " (benchmark = 100): " + groups[cell[6]]);
      }
    } else {
      parts.push("size-dependent count: shown, not scored");
    }
    parts.push("source: " + (present(cell[9]) ? cell[9] : ctx.source));
    return parts.join(" \u00b7 ");
  };
})();
