// Resident report form: a Leaflet map where a tap drops the pin, a "use my location" button (GPS), and nearby public
// cases offered before filing ("已有人反映，点此关注"). The form works without this script when a community is chosen.
(function () {
    const copy = document.getElementById("copy-code");
    if (copy) {
        copy.addEventListener("click", function () {
            navigator.clipboard.writeText(copy.dataset.code).then(function () { copy.textContent = copy.dataset.copiedLabel; });
        });
    }

    const form = document.getElementById("report-form");
    if (!form) {
        return;
    }

    const lon = document.getElementById("report-longitude");
    const lat = document.getElementById("report-latitude");
    const status = document.getElementById("report-location-status");
    const nearby = document.getElementById("report-nearby");
    const mapElement = document.getElementById("report-map");
    let map = null;
    let marker = null;

    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
        });
    }

    function setPoint(longitude, latitude, source) {
        lon.value = longitude.toFixed(6);
        lat.value = latitude.toFixed(6);
        status.textContent = (source === "gps" ? form.dataset.gpsLabel : form.dataset.pinLabel) + " " + lat.value + ", " + lon.value;
        status.dataset.located = "true";
        if (map) {
            if (!marker) {
                marker = L.marker([latitude, longitude], { draggable: true }).addTo(map);
                marker.on("dragend", function () {
                    const p = marker.getLatLng();
                    setPoint(p.lng, p.lat, "pin");
                });
            } else {
                marker.setLatLng([latitude, longitude]);
            }
            map.setView([latitude, longitude], Math.max(map.getZoom(), 16));
        }
        loadNearby(longitude, latitude);
    }

    function loadNearby(longitude, latitude) {
        if (!nearby) {
            return;
        }
        fetch("/api/v1/public/nearby?longitude=" + longitude + "&latitude=" + latitude + "&radius=250")
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (cases) {
                if (!cases.length) {
                    nearby.hidden = true;
                    nearby.innerHTML = "";
                    return;
                }
                nearby.hidden = false;
                nearby.innerHTML = "<h2>" + escapeHtml(form.dataset.nearbyTitle) + "</h2><ul class=\"fq-list\">" + cases.map(function (c) {
                    return "<li><strong>" + escapeHtml(c.title) + "</strong> · " + escapeHtml(c.categoryName || "") + " · " + Math.round(c.distanceMetres) + " m" +
                        " <button type=\"button\" class=\"fq-follow\" data-code=\"" + escapeHtml(c.trackingCode) + "\">" + escapeHtml(form.dataset.followLabel) +
                        " (" + c.followerCount + ")</button></li>";
                }).join("") + "</ul>";
            })
            .catch(function () { nearby.hidden = true; });
    }

    if (nearby) {
        nearby.addEventListener("click", function (e) {
            const button = e.target.closest("button.fq-follow");
            if (!button) {
                return;
            }
            fetch("/api/v1/track/" + encodeURIComponent(button.dataset.code) + "/follow", { method: "POST" })
                .then(function (r) {
                    if (r.ok) {
                        window.location.href = "/track/" + encodeURIComponent(button.dataset.code) + "?followed=1";
                    }
                });
        });
    }

    if (mapElement && typeof L !== "undefined") {
        map = L.map(mapElement).setView([parseFloat(mapElement.dataset.lat), parseFloat(mapElement.dataset.lon)], 14);
        if (mapElement.dataset.tiles) {
            L.tileLayer(mapElement.dataset.tiles, { maxZoom: 19, attribution: mapElement.dataset.attribution || "" }).addTo(map);
        }
        map.on("click", function (e) { setPoint(e.latlng.lng, e.latlng.lat, "pin"); });
    }

    const gps = document.getElementById("report-gps");
    if (gps) {
        gps.hidden = !("geolocation" in navigator);
        gps.addEventListener("click", function () {
            status.textContent = form.dataset.locatingLabel;
            navigator.geolocation.getCurrentPosition(
                function (position) { setPoint(position.coords.longitude, position.coords.latitude, "gps"); },
                function () { status.textContent = form.dataset.gpsFailedLabel; },
                { enableHighAccuracy: true, timeout: 15000 });
        });
    }

    if (lon.value && lat.value) {
        setPoint(parseFloat(lon.value), parseFloat(lat.value), "pin");
    }

    // Photos: thumbnails of the chosen files (the server re-encodes them and strips location data), and no more than
    // the limit — the server refuses more too, but a phone user should not wait for an upload to learn it.
    const photos = document.getElementById("report-photos");
    const previews = document.getElementById("report-photo-previews");
    const photoError = document.getElementById("report-photos-error");
    if (photos && previews) {
        const maxPhotos = parseInt(form.dataset.maxPhotos || "9", 10);
        photos.addEventListener("change", function () {
            previews.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
            previews.innerHTML = "";
            photoError.hidden = true;
            if (photos.files.length > maxPhotos) {
                photoError.textContent = form.dataset.tooManyPhotos;
                photoError.hidden = false;
                photos.value = "";
                return;
            }
            Array.prototype.forEach.call(photos.files, function (file) {
                const img = document.createElement("img");
                img.alt = file.name;
                img.className = "fq-photo-thumb";
                img.src = URL.createObjectURL(file);
                previews.appendChild(img);
            });
        });
    }

})();
