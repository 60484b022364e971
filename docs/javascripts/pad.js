// A canvas to draw a digit on, with the mouse, a finger or a pen: the draw page's
// pad and the compact pads of chapters 2 and 4 share it. Pointer events cover all
// three; one pointer draws at a time (a second finger is ignored), and a fast pen's
// coalesced positions are all drawn through.
(function (global) {
  "use strict";

  // Call onStroke() after each bit of a stroke, onEnd() when the stroke ends. `size`
  // is the canvas's own width and height in pixels (it may be shown smaller).
  function drawingPad(pad, ctx, size, { onStroke, onEnd }) {
    let pointer = null; // the pointerId drawing the current stroke
    let last = null; // the stroke's previous point
    const padPoint = (event) => {
      const box = pad.getBoundingClientRect();
      return [
        ((event.clientX - box.left - pad.clientLeft) * size) / pad.clientWidth,
        ((event.clientY - box.top - pad.clientTop) * size) / pad.clientHeight,
      ];
    };
    const strokeTo = ([x, y]) => {
      ctx.beginPath();
      ctx.moveTo(...(last || [x, y]));
      ctx.lineTo(x, y);
      ctx.stroke();
      last = [x, y];
    };
    pad.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || pointer !== null) return;
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      pointer = event.pointerId;
      last = null;
      strokeTo(padPoint(event));
      onStroke();
    });
    pad.addEventListener("pointermove", (event) => {
      if (event.pointerId !== pointer) return;
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      for (const e of events.length ? events : [event]) strokeTo(padPoint(e));
      onStroke();
    });
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
      pad.addEventListener(type, (event) => {
        if (event.pointerId !== pointer) return;
        pointer = last = null;
        onEnd();
      });
    }
  }

  global.nnTutorial = global.nnTutorial || {};
  global.nnTutorial.drawingPad = drawingPad;
})(globalThis);
