/// The script the preview adds to every page it serves (never to the published site). It asks the
/// preview for its status four times a second: while a build runs it shows a banner with the latest
/// progress line; when a build fails it lays the error, with its file:line, over the page; when a
/// new build of the site is ready it reloads the page.
public enum PreviewClient {
    public static let script = #"""
    (function () {
      "use strict";
      var shown = null;
      var banner = document.createElement("div");
      banner.setAttribute("role", "status");
      banner.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:10000;padding:6px 14px;font:13px/1.4 ui-monospace,monospace;" +
        "background:#0969da;color:#fff;display:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis";
      var overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:10001;background:rgba(20,20,20,.92);color:#fff;display:none;" +
        "padding:40px;font:14px/1.5 ui-monospace,monospace;overflow:auto";
      function attach() { document.body.appendChild(banner); document.body.appendChild(overlay); }
      if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);

      function showError(error) {
        if (!error) { overlay.style.display = "none"; return; }
        overlay.textContent = "";
        var title = document.createElement("div");
        title.style.cssText = "color:#ff8182;font-weight:bold;margin-bottom:12px";
        title.textContent = "Build failed" + (error.location ? " at " + error.location : "");
        var message = document.createElement("pre");
        message.style.cssText = "white-space:pre-wrap;margin:0";
        message.textContent = error.message;
        overlay.appendChild(title);
        overlay.appendChild(message);
        overlay.style.display = "block";
      }

      function poll() {
        fetch("/__preview/status", { cache: "no-store" }).then(function (response) { return response.json(); }).then(function (status) {
          if (shown === null) shown = status.version;
          if (status.version !== shown && !status.building) { location.reload(); return; }
          banner.textContent = status.building ? "Rebuilding: " + status.progress : "";
          banner.style.display = status.building ? "block" : "none";
          showError(status.building ? null : status.error);
          setTimeout(poll, 250);
        }, function () {
          banner.textContent = "The preview server has stopped.";
          banner.style.display = "block";
          setTimeout(poll, 1000);
        });
      }
      poll();
    })();
    """#
}
