//! Starting the room on an instructor's laptop: the port (the next free one when the usual one is
//! taken and the room was opened by a double-click), a data directory that can be written, what a
//! firewall may block, and the console opened in the default browser. Every problem is said in
//! both languages with what to do.

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

/// How many ports after the first one a double-clicked room tries when it is taken.
const PORTS_TRIED: u16 = 10;

/// Listens on `port` (or, with `next_free`, the first free of the ten after it).
pub async fn listen(ip: IpAddr, port: u16, next_free: bool) -> Result<tokio::net::TcpListener, String> {
    let last = if next_free && port != 0 {
        port.saturating_add(PORTS_TRIED)
    } else {
        port
    };
    let mut taken = Vec::new();
    for p in port..=last {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(l) => {
                if !taken.is_empty() {
                    println!("端口 {} 已被占用，改用 {p} / port {} is in use: using {p}", port, port);
                }
                return Ok(l);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => taken.push(p),
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                return Err(format!(
                    "无权使用端口 {p}（1024 以下的端口需要管理员权限）：请用 --port 选择 1024 以上的端口 / \
                     not allowed to use port {p} (ports below 1024 need administrator rights): choose one above 1024 with --port"
                ));
            }
            Err(e) => return Err(format!("无法监听端口 {p} / cannot listen on port {p}: {e}")),
        }
    }
    Err(if taken.len() > 1 {
        format!(
            "端口 {port}–{last} 都已被占用：请关闭占用它们的程序（也许已有一个 zeren 在运行），或用 --port 选择其他端口 / \
             ports {port}–{last} are all in use: close what uses them (another zeren may be running) or choose another with --port"
        )
    } else {
        format!(
            "端口 {port} 已被占用：也许已有一个 zeren 在运行（请先关闭它），或用 --port 选择其他端口 / \
             port {port} is in use: another zeren may be running (close it first), or choose another with --port"
        )
    })
}

/// Makes sure the data directory exists and can be written (the database, its journal and the
/// class files live there), before anything is started.
pub fn writable(dir: &Path) -> Result<(), String> {
    let hint = |e: &dyn std::fmt::Display| {
        format!(
            "无法写入数据目录 {}（{e}）：请用 --data 指定一个可以写入的目录，例如“文档”下的一个文件夹 / \
             cannot write the data directory {} ({e}): choose a writable one with --data, e.g. a folder in your Documents",
            dir.display(),
            dir.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| hint(&e))?;
    let probe = dir.join(".zeren-write-test");
    std::fs::write(&probe, b"zeren").map_err(|e| hint(&e))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// What to check when trainees cannot open the join address: the firewall this machine runs, as
/// far as can be seen from here, and how to let the port through. (A firewall cannot be tested
/// from the machine it guards: its own connections are not filtered.)
pub fn firewall_hint(port: u16) -> String {
    let running = |path: &str| Path::new(path).exists();
    let ufw_on =
        std::fs::read_to_string("/etc/ufw/ufw.conf").is_ok_and(|c| c.lines().any(|l| l.trim() == "ENABLED=yes"));
    if cfg!(windows) {
        format!(
            "学员打不开加入地址时：请在 Windows 防火墙的提示中允许 zeren 访问“专用网络”，或在“Windows Defender 防火墙 → 允许应用通过防火墙”中勾选 zeren（端口 {port}）。\n\
             If trainees cannot open the join address: allow zeren on private networks when Windows Firewall asks, or tick it under \
             Windows Defender Firewall → Allow an app through the firewall (port {port})."
        )
    } else if running("/run/firewalld") {
        format!(
            "本机运行着 firewalld：学员打不开加入地址时，请运行 sudo firewall-cmd --add-port={port}/tcp\n\
             firewalld runs on this machine: if trainees cannot open the join address, run sudo firewall-cmd --add-port={port}/tcp"
        )
    } else if ufw_on {
        format!(
            "本机启用了 ufw 防火墙：学员打不开加入地址时，请运行 sudo ufw allow {port}/tcp\n\
             ufw is enabled on this machine: if trainees cannot open the join address, run sudo ufw allow {port}/tcp"
        )
    } else {
        format!(
            "学员打不开加入地址时：请确认学员与本机在同一网络，并让防火墙放行 TCP 端口 {port}。\n\
             If trainees cannot open the join address: check that they are on this computer's network and that its firewall lets TCP port {port} through."
        )
    }
}

/// Opens `url` in the default browser (Windows, macOS, Linux desktops); says how to open it by
/// hand when that fails.
pub fn open_in_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        // `start` takes the first quoted argument as the window title.
        c.args(["/C", "start", ""]).arg(url);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let opened = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !opened {
        println!(
            "请在浏览器中打开教员控制台（上面的地址）/ open the instructor console (the address above) in a browser"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_taken_port_is_refused_or_the_next_free_one_used() {
        let ip = IpAddr::from([127, 0, 0, 1]);
        let first = match listen(ip, 0, false).await {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        let port = first.local_addr().map(|a| a.port()).unwrap_or_default();
        let refused = listen(ip, port, false).await.err().unwrap_or_default();
        assert!(refused.contains("已被占用") && refused.contains("in use"), "{refused}");
        // The next ports may be taken by something else on a busy machine: only check it moved.
        if let Ok(next) = listen(ip, port, true).await {
            assert_ne!(next.local_addr().map(|a| a.port()).unwrap_or(port), port);
        }
    }

    #[test]
    fn a_data_directory_that_cannot_be_written_says_what_to_do() {
        let file = std::env::temp_dir().join(format!("zeren-not-a-dir-{}", std::process::id()));
        let _ = std::fs::write(&file, b"x");
        let said = writable(&file.join("data")).err().unwrap_or_default();
        assert!(said.contains("--data") && said.contains("无法写入"), "{said}");
        let _ = std::fs::remove_file(file);
    }
}
