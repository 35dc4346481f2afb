// newsprism: the only script. Shows upload progress; everything else works without it.
"use strict";
(function () {
  const form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    status.textContent = "uploading…";
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    request.addEventListener("load", function () {
      let body = null;
      try { body = JSON.parse(request.responseText); } catch (err) { body = null; }
      if (request.status === 202 && body && body.href && body.href.charAt(0) === "/") {
        window.location.assign(body.href);
      } else {
        bar.hidden = true;
        status.textContent = (body && body.detail) ? body.detail : "The upload was refused (status " + request.status + ").";
      }
    });
    request.addEventListener("error", function () {
      bar.hidden = true;
      status.textContent = "The upload failed: the server could not be reached.";
    });
    request.send(new FormData(form));
  });
})();
